app_name = "syndic_maroc"
app_title = "Syndic Maroc"
app_publisher = "syndic_maroc developers"
app_description = "Syndic de copropriété pour le Maroc sur ERPNext"
app_email = "dev@syndic-maroc.ma"
app_license = "mit"
required_apps = ["frappe/erpnext"]

# Installation
# ------------
# Roles, the "Copropriétaires" customer group and the Supplier custom fields; idempotent.
before_install = "syndic_maroc.setup.install.before_install"
after_install = "syndic_maroc.setup.install.after_install"
after_migrate = ["syndic_maroc.setup.install.after_migrate"]

# Document events
# ---------------
doc_events = {
	"Supplier": {
		"validate": "syndic_maroc.registry.supplier.validate",
	},
}
