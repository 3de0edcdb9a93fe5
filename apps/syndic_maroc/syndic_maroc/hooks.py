app_name = "syndic_maroc"
app_title = "Syndic Maroc"
app_publisher = "syndic_maroc developers"
app_description = "Syndic de copropriété pour le Maroc sur ERPNext"
app_email = "dev@syndic-maroc.ma"
app_license = "mit"
required_apps = ["frappe/erpnext"]
