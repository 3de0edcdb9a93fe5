"""Through real HTTP: a co-owner files requests with a photo on /mes-demandes' endpoints; another
co-owner of the same résidence sees the common-area one and not the private-lot one; a co-owner of
another résidence sees neither, through every portal route, the page and the REST resource."""

import pytest

pytestmark = pytest.mark.site

M = "syndic_maroc.api.operations"
PNG = (
	b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
	b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _file(client, **form):
	r = client.http.post(
		f"{client.base}/api/method/{M}.portal_file_request",
		data=form,
		files=[("photo", ("leak.png", PNG, "image/png"))],
		timeout=60,
	)
	assert r.status_code == 200, r.text[:400]
	return r.json()["message"]


def test_requests_are_seen_by_the_right_co_owners_only(clients, owners):
	a, a2, c, guest = clients["a"], clients["a2"], clients["c"], clients["guest"]
	res = owners["a"].residence
	common = _file(
		a,
		residence=res,
		subject="Ascenseur en panne",
		category="Lift",
		location_type="Common area",
		common_area="Lift",
		urgency="Emergency",
	)
	private = _file(
		a,
		residence=res,
		subject="Fuite chez moi",
		category="Plumbing",
		location_type="Private lot",
		unit=owners["a"].extra["unit"],
	)
	assert common["photos"] == 1 and private["photos"] == 1

	# A sees both, with the photo
	mine = {r["name"] for r in a.call(f"{M}.portal_requests").json()["message"]}
	assert {common["name"], private["name"]} <= mine
	detail = a.call(f"{M}.portal_request", name=private["name"]).json()["message"]
	photo = a.call(f"{M}.portal_photo", name=private["name"], photo=detail["photos"][0]["name"])
	assert photo.status_code == 200 and photo.content == PNG

	# A2 (same résidence): the common-area request only
	seen = {r["name"] for r in a2.call(f"{M}.portal_requests").json()["message"]}
	assert common["name"] in seen and private["name"] not in seen
	assert a2.call(f"{M}.portal_request", name=common["name"]).status_code == 200
	assert a2.call(f"{M}.portal_request", name=private["name"]).status_code == 403
	assert (
		a2.call(f"{M}.portal_photo", name=private["name"], photo=detail["photos"][0]["name"]).status_code
		== 403
	)
	assert a2.call(f"{M}.portal_comment", http="POST", name=private["name"], text="x").status_code == 403
	page = a2.get("/mes-demandes")
	assert page.status_code == 200 and "Ascenseur en panne" in page.text and "Fuite chez moi" not in page.text

	# C (another résidence): nothing of it, not even by filing in A's résidence
	seen = {r["name"] for r in c.call(f"{M}.portal_requests").json()["message"]}
	assert not seen & {common["name"], private["name"]}
	for name in (common["name"], private["name"], "MR-0000-00000"):
		assert c.call(f"{M}.portal_request", name=name).status_code == 403
	assert c.call(f"{M}.portal_file_request", http="FORM", residence=res, subject="intrus").status_code == 403
	page = c.get("/mes-demandes")
	assert page.status_code == 200 and "Ascenseur en panne" not in page.text

	# the desk's REST routes and the photo's file URL are closed to co-owners and guests
	for client in (a, a2, c, guest):
		r = client.get(f"/api/resource/Maintenance Request/{common['name']}")
		assert r.status_code in (403, 404), r.status_code
		r = client.get("/api/resource/Maintenance Request")
		assert r.status_code == 403 or not r.json().get("data"), r.text[:200]
	assert guest.call(f"{M}.portal_requests").status_code in (401, 403)
	file_url = a.call(f"{M}.portal_request", name=common["name"]).json()["message"]
	assert file_url["photos"]


def test_comment_and_photo_on_a_common_area_request(clients, owners):
	a, a2 = clients["a"], clients["a2"]
	common = _file(
		a,
		residence=owners["a"].residence,
		subject="Porte du garage bloquée",
		category="Locksmith",
		location_type="Common area",
		common_area="Garage",
	)
	r = a2.http.post(
		f"{a2.base}/api/method/{M}.portal_comment",
		data={"name": common["name"], "text": "Toujours bloquée ce matin"},
		files=[("photo", ("porte.png", PNG, "image/png"))],
		timeout=60,
	)
	assert r.status_code == 200, r.text[:300]
	detail = a.call(f"{M}.portal_request", name=common["name"]).json()["message"]
	assert len(detail["photos"]) == 2
	assert any("Toujours bloquée" in c["content"] for c in detail["comments"])
	# a file that is no photo is refused, nothing is added
	r = a.http.post(
		f"{a.base}/api/method/{M}.portal_comment",
		data={"name": common["name"]},
		files=[("photo", ("x.html", b"<script>alert(1)</script>", "text/html"))],
		timeout=60,
	)
	assert r.status_code == 417, r.status_code
	assert len(a.call(f"{M}.portal_request", name=common["name"]).json()["message"]["photos"]) == 2
