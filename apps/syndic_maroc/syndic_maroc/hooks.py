app_name = "syndic_maroc"
app_title = "Syndic Maroc"
app_publisher = "syndic_maroc developers"
app_description = "Syndic de copropriété pour le Maroc sur ERPNext"
app_email = "dev@syndic-maroc.ma"
app_license = "mit"
required_apps = ["frappe/erpnext"]

# Typed controllers: DocType saves in developer mode rewrite the controllers' type blocks
# (scripts/export_types.py does it for every DocType); whitelisted methods annotate their
# parameters (Frappe validates them against the annotations).
export_python_type_annotations = True
require_type_annotated_api_methods = True

# Installation
# ------------
# Roles, the "Copropriétaires" customer group and the Supplier custom fields; idempotent.
before_install = "syndic_maroc.setup.install.before_install"
after_install = "syndic_maroc.setup.install.after_install"
after_migrate = [
	"syndic_maroc.setup.install.after_migrate",
	"syndic_maroc.intake.settings.after_migrate",
	"syndic_maroc.operations.setup.after_migrate",
]

# Jinja (print formats): the reçu groups the Payment Entries of one payment (finance).
jinja = {
	"methods": [
		"syndic_maroc.finance.collections.receipt_context",
		"syndic_maroc.finance.notices.call_notice_context",
		"syndic_maroc.assembly.printing.assembly_is_arabic",
		"syndic_maroc.assembly.printing.assembly_checkin_qr",
	]
}

# Co-owner portal (syndic_maroc.portal, syndic_maroc.api.portal, pages in www/): a co-owner sees only their own documents.
portal_menu_items = [
	{"title": "My Space", "route": "/mon-espace", "role": "Co-owner"},
	{"title": "My Calls for Funds", "route": "/mes-appels", "role": "Co-owner"},
	{"title": "My Payments", "route": "/mes-paiements", "role": "Co-owner"},
	{"title": "My Statement", "route": "/mon-releve", "role": "Co-owner"},
	{"title": "My Assistant", "route": "/mon-assistant", "role": "Co-owner"},
	{"title": "Mes assemblées", "route": "/mes-assemblees", "role": "Co-owner"},
	{"title": "My requests", "route": "/mes-demandes", "role": "Co-owner"},
	{"title": "Documents of my residence", "route": "/documents", "role": "Co-owner"},
	{"title": "News of my residence", "route": "/annonces", "role": "Co-owner"},
]
role_home_page = {"Co-owner": "mon-espace"}
has_website_permission = {
	"Sales Invoice": "syndic_maroc.portal.access.invoice_website_permission",
	"Payment Entry": "syndic_maroc.portal.access.payment_website_permission",
}

# General assembly: a co-owner sees only his own ballots; the syndic sees remote and
# correspondence ballots once the vote is closed (syndic_maroc.assembly.permissions).
has_permission = {
	"Assembly Ballot": "syndic_maroc.assembly.permissions.ballot_has_permission",
	# Assistant: a conversation is read by its user only (and System Manager).
	"Assistant Conversation": "syndic_maroc.assistant.doctype.assistant_conversation.assistant_conversation.has_permission",
	# Staff with User Permissions on Residence: only those résidences' co-owners and their
	# Customers (Co-owner and Customer have no Residence link; registry.permissions).
	"Co-owner": "syndic_maroc.registry.permissions.co_owner_has_permission",
	"Customer": "syndic_maroc.registry.permissions.customer_has_permission",
	"Contact": "syndic_maroc.registry.permissions.contact_has_permission",
	"Address": "syndic_maroc.registry.permissions.address_has_permission",
}
permission_query_conditions = {
	"Assembly Ballot": "syndic_maroc.assembly.permissions.ballot_query_conditions",
	"Assistant Conversation": "syndic_maroc.assistant.doctype.assistant_conversation.assistant_conversation.query_conditions",
	"Co-owner": "syndic_maroc.registry.permissions.co_owner_query_conditions",
	"Customer": "syndic_maroc.registry.permissions.customer_query_conditions",
	"Contact": "syndic_maroc.registry.permissions.contact_query_conditions",
	"Address": "syndic_maroc.registry.permissions.address_query_conditions",
	"File": "syndic_maroc.registry.permissions.file_query_conditions",
}

# Document events
# ---------------
doc_events = {
	# Finance reacts to a new Résidence: the Dunning Types of its company (finance.residence_events).
	"Residence": {
		"after_insert": "syndic_maroc.finance.residence_events.after_insert",
		"on_update": "syndic_maroc.finance.residence_events.on_update",
		"on_trash": "syndic_maroc.finance.residence_events.on_trash",
	},
	"Supplier": {
		"validate": "syndic_maroc.registry.supplier.validate",
	},
	# Operations: a supplier invoice billing the PO of a maintenance request names the request,
	# which shows it (operations.maintenance).
	# Operations: the approval level of a purchase order (the résidence's ceilings) and the AG
	# resolution it names above the assembly ceiling (operations.orders; Workflow in operations.setup).
	"Purchase Order": {
		"validate": "syndic_maroc.operations.orders.validate",
	},
	# Operations: a supplier contract's last day to give notice (operations.contracts).
	"Contract": {
		"validate": "syndic_maroc.operations.contracts.validate",
		"before_update_after_submit": "syndic_maroc.operations.contracts.validate",
	},
	"Purchase Invoice": {
		"validate": "syndic_maroc.operations.maintenance.link_purchase_invoice",
		"on_submit": "syndic_maroc.operations.maintenance.purchase_invoice_submitted",
	},
	# The syndic staff's focused desk: Module Profile "Syndic" on users with a syndic role (setup.desk).
	"User": {
		"before_validate": "syndic_maroc.setup.desk.user_before_validate",
	},
	# Zéro saisie: every file attached to an Incoming Document, a Résidence or a received email
	# becomes one Incoming Document and one job on queue `ocr` (syndic_maroc.intake.sources).
	"File": {
		"after_insert": "syndic_maroc.intake.sources.on_file_after_insert",
	},
	# Assembly: a budget or call the minutes produced can be cancelled while the minutes stand
	# (their row only records the decision); the minutes' cancel is refused while they stand.
	"Call for Funds": {"before_cancel": "syndic_maroc.assembly.effects.effect_before_cancel"},
	"Residence Budget": {"before_cancel": "syndic_maroc.assembly.effects.effect_before_cancel"},
	# Assistant: a File attached to a record of `syndic_assistant_sources`, or such a record,
	# added, changed or deleted → its passages (re)indexed or removed by a job (assistant.indexer).
	"*": {
		"on_update": "syndic_maroc.assistant.indexer.on_doc_update",
		"on_trash": "syndic_maroc.assistant.indexer.on_doc_trash",
	},
}

# Assistant: DocTypes whose attached Files (and, for an Incoming Document, its read text) are
# chunked and embedded into the vector store; any app may list its own (assistant.indexer).
syndic_assistant_sources = ["Residence", "General Assembly", "Incoming Document", "Residence Document"]

# Jobs speak the language of the user who queued them (else the site's), not frappe.init's "en":
# the app's messages are English sources (utils.language).
before_job = ["syndic_maroc.utils.language.before_job"]

# Scheduler
# ---------
scheduler_events = {
	# Relances: accelerations of art. 25, then the dunnings due today (finance.reminders).
	"daily": [
		"syndic_maroc.finance.reminders.daily",
		"syndic_maroc.assembly.alerts.daily",
		"syndic_maroc.operations.contracts.daily",
		"syndic_maroc.oversight.alerts.daily",
	],
	# Oversight: each syndic's weekly digest (alerts of the week, key figures) in his language.
	"weekly": ["syndic_maroc.oversight.alerts.weekly"],
	# Operations: the overdue flag of open maintenance requests (SLA by urgency).
	"hourly": ["syndic_maroc.operations.maintenance.flag_overdue"],
	# Backups with files every syndic_backup_interval_hours (utils.backups; retention: keep_backups_for_hours).
	"hourly_long": ["syndic_maroc.utils.backups.scheduled"],
	"cron": {
		# Oversight: the six-monthly position to every co-owner (loi 18-00 art. 26).
		"0 7 1 1,7 *": ["syndic_maroc.oversight.position.half_yearly"],
		# Zéro saisie: Ollama back → re-read what was read on rules alone; jobs lost by a restart → queued again.
		"*/15 * * * *": [
			"syndic_maroc.intake.jobs.retry_pending_llm",
			"syndic_maroc.intake.jobs.requeue_stuck",
			# Assistant: documents kept while the vector store was down are indexed now.
			"syndic_maroc.assistant.indexer.enqueue_catch_up",
		],
	},
}

# PDFs (utils.pdf): our print formats (pdf_generator "chrome") by headless Chromium, right to left
# with correct bidi; the rest by wkhtmltopdf. Every render reads its assets from disk, holds one
# slot of a bench-wide pool and has a hard timeout. Frappe's download accepts `lang=` too.
pdf_generator = ["syndic_maroc.utils.pdf.pdf_generator"]
override_whitelisted_methods = {
	"frappe.utils.print_format.download_pdf": "syndic_maroc.api.pdf.download_pdf",
	"frappe.utils.print_format.report_to_pdf": "syndic_maroc.api.pdf.report_to_pdf",
	# Security (issue 10): Frappe/ERPNext methods that answered without a permission check, by
	# versions that check read permission and apply match conditions (api.frappe_overrides;
	# the classified list: tests/site/security/whitelisted_methods.tsv).
	"frappe.client.get_count": "syndic_maroc.api.frappe_overrides.get_count",
	"frappe.desk.listview.get_group_by_count": "syndic_maroc.api.frappe_overrides.get_group_by_count",
	"frappe.desk.search.search_link": "syndic_maroc.api.frappe_overrides.search_link",
	"frappe.desk.search.search_widget": "syndic_maroc.api.frappe_overrides.search_widget",
	"erpnext.accounts.utils.get_balance_on": "syndic_maroc.api.frappe_overrides.get_balance_on",
	"erpnext.accounts.utils.get_account_balances": "syndic_maroc.api.frappe_overrides.get_account_balances",
	"erpnext.accounts.utils.get_company_default": "syndic_maroc.api.frappe_overrides.get_company_default",
	"erpnext.accounts.doctype.payment_request.payment_request.make_payment_request": "syndic_maroc.api.frappe_overrides.make_payment_request",
	"erpnext.accounts.doctype.payment_request.payment_request.resend_payment_email": "syndic_maroc.api.frappe_overrides.resend_payment_email",
	"erpnext.selling.doctype.customer.customer.get_customer_primary_contact": "syndic_maroc.api.frappe_overrides.get_customer_primary_contact",
}
# Who may call which whitelisted method (website users: portal methods only; aliases of the
# overridden ones refused), checked once the request's user is known (utils.method_gate).
auth_hooks = [
	"syndic_maroc.utils.method_gate.guard_request",
	# an empty file or an image declaring too many pixels: a clear 417 before Frappe stores it
	"syndic_maroc.utils.upload_guard.check_upload",
]
# Security headers; no traceback in errors answered to Guests and website users (utils.http_headers).
after_request = ["syndic_maroc.utils.http_headers.after_request"]
# Desk realtime without nginx: socket.io on its own port while web runs in production mode
# (public/js/socketio_port.js reads the web port from the boot, utils.boot).
app_include_js = ["/assets/syndic_maroc/js/socketio_port.js"]
boot_session = "syndic_maroc.utils.boot.boot_session"
