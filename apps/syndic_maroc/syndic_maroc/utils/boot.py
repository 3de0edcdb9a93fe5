"""hooks.py `boot_session`: what the desk's browser code needs from the bench config."""

import frappe


def boot_session(bootinfo) -> None:
	# public/js/socketio_port.js: a page served straight by gunicorn reaches socket.io on its port
	if port := frappe.conf.get("webserver_port"):
		bootinfo.syndic_webserver_port = port
