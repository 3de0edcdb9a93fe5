// Desk page "Assistant": questions in French or Arabic (Darija too) answered with exact figures
// from the ledger and quoted passages of the résidence's documents (syndic_maroc.api.assistant).
// Answers stream token by token when Ollama writes them (realtime event "syndic_assistant");
// Arabic answers are shown right to left.
frappe.pages["assistant"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Assistant"), single_column: true });
	new SyndicAssistant(page, wrapper);
};

class SyndicAssistant {
	constructor(page, wrapper) {
		this.page = page;
		this.pending = {};
		this.residence = frappe.defaults.get_user_default("syndic_assistant_residence") || null;
		this.$body = $(`
			<div class="syndic-assistant">
				<div class="syndic-assistant-log"></div>
				<form class="syndic-assistant-form">
					<textarea class="form-control" rows="2" dir="auto"
						placeholder="${__("Ask a question, e.g. how much does lot B-12 owe? / ما هو مجموع المستحقات غير المؤداة؟")}"></textarea>
					<button type="submit" class="btn btn-primary btn-sm">${__("Ask")}</button>
				</form>
			</div>`).appendTo(page.body);
		this.$log = this.$body.find(".syndic-assistant-log");
		this.$input = this.$body.find("textarea");
		this.$body.find("form").on("submit", (e) => {
			e.preventDefault();
			this.ask();
		});
		this.$input.on("keydown", (e) => {
			if (e.key === "Enter" && !e.shiftKey) {
				e.preventDefault();
				this.ask();
			}
		});
		page.set_secondary_action(__("Clear"), () => this.clear());
		this.style();
		this.residences();
		this.history();
		frappe.realtime.on("syndic_assistant", (data) => this.stream(data));
	}

	style() {
		$(`<style>
			.syndic-assistant-log { display: flex; flex-direction: column; gap: 10px; margin-bottom: 12px; }
			.syndic-msg { max-width: 85%; padding: 8px 12px; border-radius: 10px; white-space: pre-wrap; }
			.syndic-msg.user { align-self: flex-end; background: var(--control-bg); }
			.syndic-msg.assistant { align-self: flex-start; background: var(--card-bg); border: 1px solid var(--border-color); }
			.syndic-msg[dir="rtl"] { font-family: "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; text-align: right; }
			.syndic-msg .sources { margin-top: 6px; font-size: 0.85em; }
			.syndic-msg .sources a { margin-inline-end: 10px; }
			.syndic-assistant-form { display: flex; gap: 8px; align-items: flex-end; }
		</style>`).appendTo(this.$body);
	}

	residences() {
		frappe.call("syndic_maroc.api.assistant.residences", {}, null, { type: "GET" }).then((r) => {
			const rows = r.message || [];
			if (rows.length < 2) {
				this.residence = rows.length ? rows[0].name : null;
				return;
			}
			const field = this.page.add_field({
				fieldname: "residence",
				label: __("Residence"),
				fieldtype: "Select",
				options: [{ value: "", label: __("All my residences") }].concat(
					rows.map((row) => ({ value: row.name, label: row.label }))
				),
				default: this.residence || "",
				change: () => {
					this.residence = field.get_value() || null;
					frappe.defaults.set_user_default_local("syndic_assistant_residence", this.residence);
				},
			});
		});
	}

	history() {
		frappe.call({ method: "syndic_maroc.api.assistant.history", type: "GET", args: { limit: 50 } }).then((r) => {
			(r.message || []).forEach((m) =>
				this.add(m.role, m.text, m.role === "assistant" ? m.sources : [], m.language)
			);
			this.scroll();
		});
	}

	add(role, text, sources, language) {
		const rtl = language === "ar" || language === "darija" || /[\u0600-\u06ff]/.test((text || "").slice(0, 40));
		const $msg = $(`<div class="syndic-msg ${role}" dir="${rtl ? "rtl" : "ltr"}" lang="${rtl ? "ar" : "fr"}"></div>`);
		$("<div class='text'></div>").text(text || "").appendTo($msg);
		this.sources($msg, sources);
		this.$log.append($msg);
		return $msg;
	}

	sources($msg, sources) {
		$msg.find(".sources").remove();
		const links = (sources || []).filter((s) => s.url);
		if (!links.length) return;
		const $s = $(`<div class="sources"><span class="text-muted">${__("Sources")} : </span></div>`);
		links.forEach((s) => {
			const label = s.label || s.name;
			$("<a target='_blank' rel='noopener'></a>")
				.attr("href", s.url)
				.text(s.page ? `${label} (p. ${s.page})` : label)
				.appendTo($s);
		});
		$msg.append($s);
	}

	ask() {
		const question = (this.$input.val() || "").trim();
		if (!question) return;
		this.$input.val("");
		this.add("user", question, [], /[\u0600-\u06ff]/.test(question) ? "ar" : "fr");
		const message_id = frappe.utils.get_random(12);
		const $answer = this.add("assistant", "…", [], null);
		this.pending[message_id] = { $answer, streamed: "" };
		this.scroll();
		frappe
			.call({
				method: "syndic_maroc.api.assistant.ask",
				args: { question, residence: this.residence, message_id },
			})
			.then((r) => {
				const m = r.message;
				const rtl = m.reply_language === "ar";
				$answer.attr("dir", rtl ? "rtl" : "ltr").attr("lang", rtl ? "ar" : "fr");
				$answer.find(".text").text(m.answer);
				this.sources($answer, m.sources);
				delete this.pending[message_id];
				this.scroll();
			})
			.catch(() => {
				$answer.find(".text").text(__("The assistant could not answer. Please try again."));
				delete this.pending[message_id];
			});
	}

	stream(data) {
		const p = this.pending[data.message_id];
		if (!p) return;
		if (data.kind === "reset") p.streamed = "";
		else if (data.kind === "token") p.streamed += data.text;
		else if (data.kind === "done") p.streamed = data.text;
		p.$answer.find(".text").text(p.streamed || "…");
		this.scroll();
	}

	scroll() {
		const el = this.$log.get(0);
		if (el) el.scrollIntoView({ block: "end" });
	}

	clear() {
		frappe.confirm(__("Clear the whole conversation?"), () =>
			frappe.call("syndic_maroc.api.assistant.clear").then(() => this.$log.empty())
		);
	}
}
