// Map of the résidences the user may read, coloured by arrears rate (oversight.map).
frappe.pages["residence-map"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Residence Map"), single_column: true });
	const $map = $('<div class="syndic-residence-map" style="height: 70vh"></div>').appendTo(page.main);
	frappe.require(["/assets/frappe/js/lib/leaflet/leaflet.css", "/assets/frappe/js/lib/leaflet/leaflet.js"], () => {
		frappe.call({ method: "syndic_maroc.api.oversight.residence_map", type: "GET" }).then((r) => {
			const data = r.message;
			const map = L.map($map[0]);
			L.tileLayer(frappe.boot.sysdefaults.map_tile_url || "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
				attribution: "&copy; OpenStreetMap",
			}).addTo(map);
			const esc = frappe.utils.escape_html;
			const fmt = (v) => (v === null || v === undefined ? "-" : v);
			const layer = L.geoJSON(data, {
				style: (f) => ({ color: f.properties.colour }),
				pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 10, color: f.properties.colour, fillOpacity: 0.7 }),
				onEachFeature: (f, l) => {
					const p = f.properties;
					l.bindPopup(
						`<b><a href="/app/residence/${encodeURIComponent(p.residence)}">${esc(p.residence_name || p.residence)}</a></b><br>` +
							`${__("Lots")}: ${p.lots}<br>${__("Arrears")}: ${format_currency(p.arrears)}<br>` +
							`${__("Arrears rate")}: ${fmt(p.arrears_rate)} %<br>${__("Collection rate")}: ${fmt(p.collection_rate)} %`
					);
				},
			}).addTo(map);
			if (data.features.length) {
				map.fitBounds(layer.getBounds(), { maxZoom: 16 });
			} else {
				map.setView([31.8, -7.1], 5);
			}
		});
	});
};
