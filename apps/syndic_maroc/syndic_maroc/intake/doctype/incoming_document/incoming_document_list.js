// Incoming Document list: drop or pick many files at once; each becomes one document read in
// the background (queue "ocr"); the list follows each document's status live.

const INTAKE_UPLOAD = "syndic_maroc.api.intake.upload_files";
const INTAKE_TYPES = [".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic"];
const INTAKE_COLORS = {
	Queued: "gray",
	Reading: "blue",
	Extracted: "cyan",
	"To Review": "orange",
	Approved: "green",
	Rejected: "darkgrey",
	Failed: "red",
	Duplicate: "purple",
};

frappe.listview_settings["Incoming Document"] = {
	add_fields: ["status", "confidence", "doc_class", "llm_status"],
	hide_name_column: false,

	get_indicator(doc) {
		return [__(doc.status), INTAKE_COLORS[doc.status] || "gray", "status,=," + doc.status];
	},

	// "Add Incoming Document" uploads files: a document is always made from a file.
	primary_action() {
		intake_pick_files(this.listview);
	},

	onload(listview) {
		this.listview = listview;
		listview.page.add_inner_button(__("Upload Documents"), () => intake_pick_files(listview));
		intake_dropzone(listview);
		let timer = null;
		frappe.realtime.off("intake_progress");
		frappe.realtime.on("intake_progress", () => {
			clearTimeout(timer);
			timer = setTimeout(() => listview.refresh(), 500);
		});
	},
};

function intake_residence_filter(listview) {
	const f = (listview.filter_area && listview.filter_area.get()) || [];
	const row = f.find((x) => x[1] === "residence" && x[2] === "=");
	return row ? row[3] : null;
}

function intake_create(listview, file_names, residence) {
	if (!file_names.length) return;
	frappe.call({
		method: INTAKE_UPLOAD,
		args: { file_names: JSON.stringify(file_names), residence: residence || null },
		callback(r) {
			const n = (r.message || []).length;
			frappe.show_alert({ message: __("{0} document(s) in the reading queue", [n]), indicator: "green" });
			listview.refresh();
		},
	});
}

function intake_pick_files(listview) {
	const dialog = new frappe.ui.Dialog({
		title: __("Upload Documents"),
		fields: [
			{
				fieldname: "residence",
				fieldtype: "Link",
				options: "Residence",
				label: __("Residence"),
				default: intake_residence_filter(listview),
				description: __("Leave empty: the residence will be recognised on the document (RIB, ICE, name)."),
			},
		],
		primary_action_label: __("Choose Files"),
		primary_action(values) {
			dialog.hide();
			new frappe.ui.FileUploader({
				allow_multiple: true,
				folder: "Home/Attachments",
				make_attachments_public: false,
				restrictions: { allowed_file_types: INTAKE_TYPES },
				dialog_title: __("Invoices, utility bills, bank statements"),
				on_success(file_doc) {
					// one call per file: each document is queued as soon as its file is stored
					intake_create(listview, [file_doc.name], values.residence);
				},
			});
		},
	});
	dialog.show();
}

function intake_upload_one(file) {
	const form = new FormData();
	form.append("file", file, file.name);
	form.append("is_private", "1");
	form.append("folder", "Home/Attachments");
	return fetch("/api/method/upload_file", {
		method: "POST",
		headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
		body: form,
	})
		.then((r) => r.json())
		.then((r) => (r.message ? r.message.name : null));
}

function intake_dropzone(listview) {
	const $zone = listview.$frappe_list || listview.$result;
	if (!$zone || $zone.data("intake-drop")) return;
	$zone.data("intake-drop", 1);
	$zone.on("dragover", (e) => {
		e.preventDefault();
		$zone.css("outline", "2px dashed var(--primary)");
	});
	$zone.on("dragleave drop", () => $zone.css("outline", ""));
	$zone.on("drop", (e) => {
		e.preventDefault();
		const files = Array.from((e.originalEvent.dataTransfer || {}).files || []).filter((f) =>
			INTAKE_TYPES.some((ext) => f.name.toLowerCase().endsWith(ext))
		);
		if (!files.length) {
			frappe.show_alert({ message: __("Drop PDFs or images."), indicator: "orange" });
			return;
		}
		const residence = intake_residence_filter(listview);
		frappe.show_alert({ message: __("Uploading {0} file(s)…", [files.length]), indicator: "blue" });
		files.forEach((file) =>
			intake_upload_one(file).then((name) => name && intake_create(listview, [name], residence))
		);
	});
}
