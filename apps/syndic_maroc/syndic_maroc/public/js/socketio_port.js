// Desk realtime without a proxy in front (issue 10): when the page comes straight from gunicorn
// (its port is the bench's webserver_port), socket.io listens on its own port (socketio_port):
// connect there, as Frappe does under DEV_SERVER, while the web process runs in production mode.
// Behind a proxy that serves /socket.io on the page's origin (nginx), Frappe's own rule holds.
(function () {
	const boot = window.frappe && frappe.boot;
	if (!boot || !frappe.realtime || !boot.socketio_port || !boot.syndic_webserver_port) return;
	if (String(window.location.port) !== String(boot.syndic_webserver_port)) return;
	frappe.realtime.get_host = function () {
		const origin = `${window.location.protocol}//${window.location.hostname}:${boot.socketio_port}`;
		return `${origin}/${boot.sitename}`;
	};
})();
