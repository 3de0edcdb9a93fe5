// Incoming Document: the review form. The page image sits beside the extracted fields; fields
// read with low confidence are highlighted with their confidence, source and the other reading.

const INTAKE_API = "syndic_maroc.api.intake.";
const REVIEW_THRESHOLD = 0.8;
const OPEN_STATUSES = ["Extracted", "To Review"];

frappe.ui.form.on("Incoming Document", {
	setup(frm) {
		frm.set_query("expense_account", () => ({
			filters: { company: frm.doc.company, is_group: 0, root_type: "Expense" },
		}));
		frm.set_query("bank_account", () => ({ filters: { company: frm.doc.company } }));
		// a bank line's co-owner: one of the résidence's co-owners (past and present)
		frm.set_query("co_owner", "transactions", () => ({
			query: "syndic_maroc.api.registry.co_owner_query",
			filters: { residence: frm.doc.residence },
		}));
	},

	onload(frm) {
		frappe.realtime.off("intake_progress");
		frappe.realtime.on("intake_progress", (data) => {
			if (!data || data.name !== frm.doc.name) return;
			frm.dashboard.show_progress(__("Reading the document"), data.progress, __(data.status));
			if (data.progress >= 100 || data.status !== frm.doc.status) {
				frm.reload_doc();
			}
		});
	},

	refresh(frm) {
		render_preview(frm);
		highlight_fields(frm);
		highlight_transactions(frm);
		add_buttons(frm);
		show_intro(frm);
		frm.toggle_enable(review_fields(frm), !["Approved", "Rejected", "Duplicate", "Reading"].includes(frm.doc.status));
	},

	residence(frm) {
		if (!frm.doc.residence) frm.set_value("expense_account", null);
	},
});

function review_fields(frm) {
	return frm.meta.fields
		.filter(
			(df) =>
				!df.read_only &&
				!["Section Break", "Column Break", "HTML", "Button"].includes(df.fieldtype) &&
				!["file"].includes(df.fieldname)
		)
		.map((df) => df.fieldname);
}

function show_intro(frm) {
	const doc = frm.doc;
	if (["Queued", "Reading"].includes(doc.status) && !frm.is_new()) {
		frm.set_intro(__("Reading in progress: the page updates by itself."), "blue");
	} else if (doc.status === "Failed") {
		frm.set_intro(__("Cannot read: {0}", [frappe.utils.escape_html(doc.failure_reason || "")]), "red");
	} else if (doc.status === "Duplicate") {
		frm.set_intro(__("This document has already been received: {0}", [frappe.utils.escape_html(doc.duplicate_of || "")]), "orange");
	} else if (OPEN_STATUSES.includes(doc.status)) {
		const lines = [];
		if (doc.llm_status === "Unavailable") {
			lines.push(__("The language model was unavailable: read by rules only, check the fields."));
		}
		if ((frm.intake_labels || []).length) {
			lines.push(__("To check: {0}", [frm.intake_labels.join(", ")]));
		}
		frm.set_intro(lines.join("<br>"), lines.length ? "orange" : "");
	} else {
		frm.set_intro("");
	}
}

function render_preview(frm) {
	const field = frm.get_field("preview");
	if (!field) return;
	const doc = frm.doc;
	let html = "";
	if (doc.preview_image) {
		html = `<a href="${encodeURI(doc.file || doc.preview_image)}" target="_blank" rel="noopener">
			<img src="${encodeURI(doc.preview_image)}" alt="${__("Page 1")}"
				style="width:100%;border:1px solid var(--border-color);border-radius:var(--border-radius);">
		</a>`;
	} else if (doc.file && /\.pdf$/i.test(doc.file)) {
		html = `<iframe src="${encodeURI(doc.file)}" style="width:100%;height:70vh;border:1px solid var(--border-color);"></iframe>`;
	} else if (doc.file && /\.(png|jpe?g)$/i.test(doc.file)) {
		html = `<img src="${encodeURI(doc.file)}" style="width:100%;border:1px solid var(--border-color);">`;
	}
	if (doc.file) {
		html += `<div class="text-muted small" style="margin-top:6px">
			<a href="${encodeURI(doc.file)}" target="_blank" rel="noopener">${__("Open the original file")}</a>
		</div>`;
	}
	field.$wrapper.html(html);
}

function parse_json(value) {
	if (!value) return {};
	if (typeof value === "object") return value;
	try {
		return JSON.parse(value);
	} catch (e) {
		return {};
	}
}

function highlight_fields(frm) {
	const confidence = parse_json(frm.doc.field_confidence);
	const flagged = (frm.doc.review_fields || "").split(",").map((s) => s.trim()).filter(Boolean);
	const labels = flagged
		.map((f) => {
			const row = /^transactions\[(\d+)\]$/.exec(f);
			if (row) return __("statement line {0}", [Number(row[1]) + 1]);
			const df = frappe.meta.get_docfield(frm.doctype, f, frm.doc.name);
			return df ? __(df.label) : null;
		})
		.filter(Boolean);
	frm.intake_labels = labels;
	const sources = { rule: __("rules"), llm: __("language model"), both: __("rules and model") };
	for (const df of frm.meta.fields) {
		const field = frm.get_field(df.fieldname);
		if (!field || !field.$wrapper || df.fieldtype === "Table") continue;
		const info = confidence[df.fieldname];
		const low = flagged.includes(df.fieldname) || (info && info.confidence < REVIEW_THRESHOLD);
		field.$wrapper.toggleClass("intake-low-confidence", !!low);
		field.$wrapper.css(
			low
				? { "border-left": "3px solid var(--red-500)", "padding-left": "8px", background: "var(--red-50)" }
				: { "border-left": "", "padding-left": "", background: "" }
		);
		if (!info) {
			if (low) frm.set_df_property(df.fieldname, "description", __("To Check"));
			continue;
		}
		let text = __("Confidence {0} % ({1})", [Math.round(info.confidence * 100), sources[info.source] || info.source]);
		if (info.alternative !== null && info.alternative !== undefined && info.alternative !== "") {
			text += " — " + __("other reading: {0}", [frappe.utils.escape_html(String(info.alternative))]);
		}
		const color = low ? "var(--red-600)" : "var(--green-600)";
		frm.set_df_property(df.fieldname, "description", `<span style="color:${color}">${text}</span>`);
	}
}

function highlight_transactions(frm) {
	const grid = frm.get_field("transactions") && frm.get_field("transactions").grid;
	if (!grid || !grid.grid_rows) return;
	for (const row of grid.grid_rows) {
		const d = row.doc;
		const color = d.needs_review ? "var(--red-50)" : d.match_status === "Ambiguous" ? "var(--orange-50)" : "";
		row.wrapper.find(".data-row").css("background", color);
	}
}

function call(frm, method, args, message) {
	return frappe.call({
		method: INTAKE_API + method,
		args: Object.assign({ name: frm.doc.name }, args || {}),
		freeze: true,
		callback(r) {
			if (message) frappe.show_alert({ message, indicator: "green" });
			frm.reload_doc();
		},
	});
}

function add_buttons(frm) {
	const doc = frm.doc;
	if (frm.is_new()) return;
	if (OPEN_STATUSES.includes(doc.status)) {
		frm.add_custom_button(__("Approve"), () => {
			if (frm.is_dirty()) {
				frm.save().then(() => call(frm, "approve", {}, __("Draft created")));
			} else {
				call(frm, "approve", {}, __("Draft created"));
			}
		}).addClass("btn-primary");
		frm.add_custom_button(__("Reject"), () => {
			frappe.prompt(
				[{ fieldname: "reason", fieldtype: "Small Text", label: __("Rejection Reason"), reqd: 1 }],
				(values) => call(frm, "reject", { reason: values.reason }, __("Document rejected")),
				__("Reject"),
				__("Reject")
			);
		});
		if (!doc.supplier && doc.supplier_name && ["Supplier Invoice", "Utility Bill"].includes(doc.doc_class)) {
			frm.add_custom_button(__("Create Supplier"), () => call(frm, "create_supplier", {}, __("Supplier created")), __("Actions"));
		}
		if (doc.llm_status === "Unavailable") {
			frm.add_custom_button(
				__("Retry LLM"),
				() =>
					frappe.confirm(
						__("The fields will be read again by the rules and the language model: your corrections will be replaced. Continue?"),
						() => call(frm, "retry_llm", {}, __("Reread requested"))
					),
				__("Actions")
			);
		}
	}
	if (["Failed", "Extracted", "To Review", "Duplicate"].includes(doc.status) && doc.file) {
		frm.add_custom_button(
			__("Read Again"),
			() => call(frm, "read_again", { doc_class: doc.doc_class || null }, __("Reread requested")),
			__("Actions")
		);
	}
	if (doc.reference_doctype && doc.reference_name) {
		frm.add_custom_button(__(doc.reference_doctype), () => frappe.set_route("Form", doc.reference_doctype, doc.reference_name), __("View"));
	}
	if (doc.status === "Approved" && doc.doc_class === "Bank Statement") {
		frm.add_custom_button(
			__("Bank Transactions"),
			() => frappe.set_route("List", "Bank Transaction", { transaction_id: ["like", doc.name + "-%"] }),
			__("View")
		);
	}
	if (doc.duplicate_of_doctype && doc.duplicate_of) {
		frm.add_custom_button(__("Original"), () => frappe.set_route("Form", doc.duplicate_of_doctype, doc.duplicate_of), __("View"));
	}
}
