// Live session of a general assembly (loi 18-00 arts 16 nonies, 18, 20-22): check-in by owner or
// lot, quorum in heads and votes, a traffic light per resolution, votes per owner or in bulk.
// Every open screen is refreshed by the realtime event "syndic_assembly_update".
frappe.pages["assembly-session"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Assembly session"), single_column: true });
	const api = (method, args) =>
		frappe.call({ method: "syndic_maroc.api.assembly." + method, args: Object.assign({ name: page.assembly }, args || {}) });
	const $body = $('<div class="syndic-ag-session"></div>').appendTo(page.main);
	const L = [
		__("Meeting"),
		__("Quorum"),
		__("Owners"),
		__("Votes"),
		__("Resolution"),
		__("Articles"),
		__("For"),
		__("Against"),
		__("Abstentions"),
		__("Not voted"),
		__("Threshold"),
		__("Result"),
		__("Open the vote"),
		__("All present for, except…"),
		__("Close the vote"),
	];
	const reached = __("reached");
	const not_reached = __("not reached");
	const lights = { Adopted: "green", Lost: "red", Reachable: "orange" };

	const assembly = page.add_field({
		fieldname: "assembly", label: __("General Assembly"), fieldtype: "Link", options: "General Assembly",
		change() { page.assembly = assembly.get_value(); load(); },
	});
	const who = page.add_field({ fieldname: "who", label: __("Co-owner, lot or QR code"), fieldtype: "Data" });
	page.set_primary_action(__("Check in"), () => {
		const v = (who.get_value() || "").trim();
		if (!v) return;
		// A scanner types the convocation's QR code (AGQR:…) into the box.
		const args = v.toUpperCase().startsWith("AGQR:") ? { code: v } : v.startsWith("COP-") ? { co_owner: v } : { unit: v };
		api("check_in", args).then(() => who.set_value(""));
	});
	page.add_action_item(__("Open first meeting"), () => api("open_meeting", { meeting: 1 }));
	page.add_action_item(__("Open second meeting"), () => api("open_meeting", { meeting: 2 }));
	page.add_action_item(__("Close the session"), () => api("close_session"));

	function render(state) {
		if (!state || state.name !== page.assembly) return;
		const q = state.quorum;
		let html = `<div class="mb-3"><b>${L[0]} ${state.meeting}</b> —
			${L[1]}: <span class="indicator-pill ${q.reached ? "green" : "red"}">${q.reached ? reached : not_reached}</span>
			${L[2]}: ${q.heads} / ${q.members} — ${L[3]}: ${format_number(q.votes)} / ${format_number(q.total_votes)}</div>
			<table class="table table-bordered"><thead><tr><th>#</th><th>${L[4]}</th><th>${L[5]}</th>
			<th>${L[6]}</th><th>${L[7]}</th><th>${L[8]}</th><th>${L[9]}</th>
			<th>${L[10]}</th><th>${L[11]}</th><th></th></tr></thead><tbody>`;
		for (const r of state.resolutions) {
			html += `<tr data-name="${r.name}"><td>${r.idx}</td><td>${frappe.utils.escape_html(r.title)}</td><td>${r.articles || ""}</td>
				<td>${format_number(r.for_votes)} (${r.for_heads})</td><td>${format_number(r.against_votes)} (${r.against_heads})</td>
				<td>${format_number(r.abstain_votes)} (${r.abstain_heads})</td><td>${format_number(r.pending_votes)} (${r.pending_heads})</td>
				<td>${format_number(r.threshold)}</td>
				<td><span class="indicator-pill ${lights[r.light] || "gray"}">${__(r.light)}</span> ${__(r.vote_status)}</td>
				<td>${r.vote_status === "Not Open" ? `<button class="btn btn-xs btn-default" data-act="open_vote">${L[12]}</button>` : ""}
				${r.vote_status === "Open" ? `<button class="btn btn-xs btn-default" data-act="bulk">${L[13]}</button>
				<button class="btn btn-xs btn-default" data-act="close_vote">${L[14]}</button>` : ""}</td></tr>`;
		}
		$body.html(html + "</tbody></table>");
	}

	function load() {
		if (!page.assembly) return;
		api("live_state").then((r) => render(r.message));
	}

	$body.on("click", "button[data-act]", function () {
		const resolution = $(this).closest("tr").data("name");
		const act = $(this).data("act");
		if (act !== "bulk") return api(act, { resolution });
		const d = new frappe.ui.Dialog({
			title: __("All present for, except…"),
			fields: [
				{ fieldname: "against", label: __("Against (co-owners, comma separated)"), fieldtype: "Small Text" },
				{ fieldname: "abstain", label: __("Abstain (co-owners, comma separated)"), fieldtype: "Small Text" },
			],
			primary_action(values) {
				const exceptions = {};
				(values.against || "").split(",").map((s) => s.trim()).filter(Boolean).forEach((c) => (exceptions[c] = "Against"));
				(values.abstain || "").split(",").map((s) => s.trim()).filter(Boolean).forEach((c) => (exceptions[c] = "Abstain"));
				api("vote_bulk", { resolution, choice: "For", exceptions: JSON.stringify(exceptions) }).then(() => d.hide());
			},
		});
		d.show();
	});

	frappe.realtime.on("syndic_assembly_update", render);
	page.assembly = frappe.get_route()[1];
	if (page.assembly) assembly.set_value(page.assembly);
};
