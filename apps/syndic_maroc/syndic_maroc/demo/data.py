"""Demo data: a Casablanca résidence and a Marrakech résidence, as plain dicts.

Pure and deterministic (seeded): no frappe import, no clock, no global random state. The
loader (`syndic_maroc.demo.loader`) turns these dicts into documents; the tests check the
invariants (tantièmes add up to the base, unique unit numbers, valid ICE and RIB).

Every person, company, identifier (CIN, ICE, IF, RC, RIB) and address here is **fictional**;
only the public utility distributor keeps its real name so that utility bills match it. Emails
use the reserved `example.*` domains (RFC 2606) so that no demo mail reaches anybody.

Natural keys (what the loader looks records up by, so that loading twice creates nothing twice):
residence `residence_name`; building (`residence`, `building_code`); unit (`residence`,
`unit_number`); co-owner `key` (CIN of a person, ICE of a company); allocation key
(`residence`, `key_name`); supplier `supplier_name`.
"""

from __future__ import annotations

import json
import random
import unicodedata

from syndic_maroc.core.allocation import quote_parts_from_surfaces
from syndic_maroc.core.identifiers import compute_rib_key

SEED = 18_00_2002  # loi 18-00, published in 2002

CASA = "Résidence Les Jardins d'Anfa"
MARRAKECH = "Résidence Palmeraie Targa"

GENERAL_KEY = "Charges générales"

# --- names -------------------------------------------------------------------------------------

MALE_FIRST_NAMES = [
	"Mohammed",
	"Ahmed",
	"Youssef",
	"Karim",
	"Hamza",
	"Omar",
	"Mehdi",
	"Rachid",
	"Saïd",
	"Abdelkader",
	"Hicham",
	"Khalid",
	"Mustapha",
	"Adil",
	"Amine",
	"Anas",
	"Yassine",
	"Othmane",
	"Driss",
	"Jamal",
	"Nabil",
	"Tarik",
	"Abdellah",
	"Hassan",
	"Reda",
	"Ismaïl",
	"Badr",
	"Ayoub",
	"Soufiane",
	"Zakaria",
	"Mounir",
	"Abdelhak",
	"Brahim",
	"Larbi",
]
FEMALE_FIRST_NAMES = [
	"Fatima Zahra",
	"Khadija",
	"Salma",
	"Nadia",
	"Meryem",
	"Zineb",
	"Amina",
	"Houda",
	"Sanaa",
	"Laila",
	"Ghita",
	"Kenza",
	"Hind",
	"Imane",
	"Asmae",
	"Soukaina",
	"Loubna",
	"Nawal",
	"Rim",
	"Yasmine",
	"Samira",
	"Latifa",
	"Hajar",
	"Siham",
	"Ouafae",
	"Btissam",
]
LAST_NAMES = [
	"Benjelloun",
	"El Amrani",
	"Alaoui",
	"Bennani",
	"Tazi",
	"Chraibi",
	"Berrada",
	"Idrissi",
	"Fassi Fihri",
	"Lahlou",
	"Kettani",
	"Sqalli",
	"Guessous",
	"Bensouda",
	"Cherkaoui",
	"El Fassi",
	"Benabdellah",
	"Slaoui",
	"Mernissi",
	"Ouazzani",
	"Zniber",
	"Belkhayat",
	"Tahiri",
	"El Mansouri",
	"Bouzidi",
	"Hajji",
	"Naciri",
	"Sefrioui",
	"Benchekroun",
	"Bakkali",
	"Hassani",
	"Rachidi",
	"Ziani",
	"Lamrani",
	"Filali",
	"Skalli",
	"Belghiti",
	"Kabbaj",
	"Lazrak",
	"El Khatib",
	"Boutaleb",
	"Ait Ouarab",
	"Oubrahim",
	"Amzil",
	"Ouhadi",
	"Benslimane",
	"Drissi",
	"Jaidi",
	"Saadi",
	"Touimi",
	"El Idrissi",
	"Benmoussa",
	"Chafik",
	"Mekouar",
	"Sebti",
	"Laraki",
	"Benhima",
	"El Ghazi",
	"Tounsi",
	"Alami",
]

# CIN letter prefixes by issuing city (the prefix follows the place of issue)
CIN_PREFIXES = {
	"Casablanca": ["BE", "BK", "BH", "BJ", "BL", "BB"],
	"Rabat": ["A", "AB", "AE"],
	"Marrakech": ["E", "EE"],
	"Fès": ["C", "CD"],
	"Tanger": ["K", "L"],
	"Agadir": ["J", "JB"],
}

CASA_STREETS = [
	"rue Ibnou Mounir, Maârif",
	"boulevard Zerktouni, Gauthier",
	"rue Abou Al Waqt Khalaf, Racine",
	"boulevard Ghandi, Oasis",
	"rue Ahmed Charci, Maârif",
	"avenue Hassan II, Centre-ville",
	"rue Jean Jaurès, Gauthier",
	"boulevard Abdelmoumen, Hôpitaux",
	"rue Soumaya, Palmier",
	"boulevard de la Corniche, Aïn Diab",
	"rue Ibn Batouta, Bourgogne",
	"avenue Mers Sultan",
]
RABAT_STREETS = ["avenue Mohammed VI, Souissi", "rue Oued Fès, Agdal", "avenue Annakhil, Hay Riad"]

# Moroccans living abroad (MRE): foreign address and foreign phone.
MRE_PLACES = [
	("France", "12, rue de la Roquette", "75011 Paris", "+33 6 12 48 73 90"),
	("France", "8, cours Lafayette", "69003 Lyon", "+33 6 78 21 45 36"),
	("Spain", "Calle de Alcalá 145, 3º B", "28009 Madrid", "+34 612 45 78 90"),
	("Belgium", "Avenue Louise 231, boîte 4", "1050 Bruxelles", "+32 475 12 34 56"),
	("Canada", "4520, rue Saint-Denis, app. 3", "Montréal (Québec) H2J 2L3", "+1 514 555 0147"),
	("France", "27, avenue Jean Médecin", "06000 Nice", "+33 7 81 54 22 09"),
]


def _ascii(text: str) -> str:
	"""'Fassi Fihri' → 'fassifihri', 'Saïd' → 'said' (for e-mail local parts)."""
	norm = unicodedata.normalize("NFKD", text)
	return "".join(c for c in norm if c.isascii() and c.isalnum()).lower()


class _Gen:
	"""Seeded identifier factory that never hands out the same value twice."""

	def __init__(self, seed: int):
		self.rng = random.Random(seed)
		self.used: set[str] = set()

	def unique(self, make):
		for _ in range(1000):
			value = make()
			if value not in self.used:
				self.used.add(value)
				return value
		raise RuntimeError("could not draw a unique value")

	def digits(self, n: int, first_nonzero: bool = True) -> str:
		rng = self.rng
		head = str(rng.randint(1, 9)) if first_nonzero else str(rng.randint(0, 9))
		return head + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))

	def cin(self, city: str) -> str:
		prefix = self.rng.choice(CIN_PREFIXES[city])
		return self.unique(lambda: prefix + self.digits(6))

	def ice(self) -> str:
		# 9 digits (legal unit) + 4 (establishment, 0001 for a single one) + 2 (key: not published)
		return self.unique(lambda: "00" + self.digits(7) + "0001" + self.digits(2, first_nonzero=False))

	def tax_if(self) -> str:
		return self.unique(lambda: self.digits(8))

	def rc(self, city: str) -> str:
		return self.unique(lambda: f"{city} {self.digits(6)}")

	def rib(self, bank: str, city_code: str) -> str:
		def make():
			body = bank + city_code + self.digits(16, first_nonzero=False)
			return body + compute_rib_key(body)

		return self.unique(make)

	def mobile(self) -> str:
		return self.unique(lambda: f"+212{self.rng.choice('67')}{self.digits(8, first_nonzero=False)}")

	def landline(self, area: str) -> str:
		return self.unique(lambda: f"+212{area}{self.digits(9 - len(area), first_nonzero=False)}")


def _geojson(lat: float, lng: float) -> str:
	"""Frappe's Geolocation field stores a GeoJSON FeatureCollection."""
	return json.dumps(
		{
			"type": "FeatureCollection",
			"features": [
				{
					"type": "Feature",
					"properties": {},
					"geometry": {"type": "Point", "coordinates": [lng, lat]},
				}
			],
		}
	)


class _People:
	"""Draws distinct Moroccan names (a family name is reused only once the list runs out)."""

	def __init__(self, gen: _Gen):
		self.gen = gen
		self.names: set[str] = set()
		self.last_names: set[str] = set()

	def draw(self) -> tuple[str, str]:
		rng = self.gen.rng
		for attempt in range(1000):
			female = rng.random() < 0.45
			first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
			last = rng.choice(LAST_NAMES)
			if f"{first} {last}" in self.names or (last in self.last_names and attempt < 200):
				continue
			self.names.add(f"{first} {last}")
			self.last_names.add(last)
			return first, last
		raise RuntimeError("ran out of names")


def _person(
	gen: _Gen,
	people: _People,
	*,
	cin_city: str,
	address_line: str,
	city: str,
	country: str = "Morocco",
	phone: str | None = None,
	is_mre: bool = False,
	lang: str | None = None,
) -> dict:
	first, last = people.draw()
	rng = gen.rng
	local = f"{_ascii(first)[:1]}.{_ascii(last)}"
	email = gen.unique(
		lambda: (
			f"{local}{rng.choice(['', '', str(rng.randint(2, 99))])}@"
			+ rng.choice(["example.com", "example.org", "example.net"])
		)
	)
	return {
		"key": gen.cin(cin_city),
		"owner_type": "Person",
		"full_name": f"{first} {last}",
		"cin": None,  # filled below from key
		"ice": None,
		"phone": phone or gen.mobile(),
		"email": email,
		"preferred_language": lang or ("ar" if rng.random() < 0.3 else "fr"),
		"address_line": address_line,
		"city": city,
		"country": country,
		"is_mre": 1 if is_mre else 0,
	}


def _company(gen: _Gen, name: str, address_line: str, city: str, area: str, email: str) -> dict:
	ice = gen.ice()
	return {
		"key": ice,
		"owner_type": "Company",
		"full_name": name,
		"cin": None,
		"ice": ice,
		"phone": gen.landline(area),
		"email": email,
		"preferred_language": "fr",
		"address_line": address_line,
		"city": city,
		"country": "Morocco",
		"is_mre": 0,
	}


def _finish_people(co_owners: list[dict]) -> None:
	for c in co_owners:
		if c["owner_type"] == "Person":
			c["cin"] = c["key"]


def _tantiemes(units: list[dict], base: int) -> None:
	shares = quote_parts_from_surfaces({u["unit_number"]: u["surface"] for u in units}, base)
	for unit in units:
		unit["tantiemes"] = shares[unit["unit_number"]]


# --- Casablanca ------------------------------------------------------------------------------


def _casablanca(gen: _Gen, people: _People) -> dict:
	rng = gen.rng
	residence = {
		"residence_name": CASA,
		"abbr": "JDA",
		"address_line": "112, boulevard d'Anfa, angle rue Abou Al Waqt Khalaf, quartier Racine",
		"city": "Casablanca",
		"geolocation": _geojson(33.5907, -7.6331),
		"ice": gen.ice(),
		"tax_id_if": gen.tax_if(),
		"total_tantiemes": 10000,
		"bank_name": "Attijariwafa bank — agence Anfa Racine",
		"rib": gen.rib("007", "780"),
		"created_on": "2016-09-01",
	}
	buildings = [
		{"residence": CASA, "building_code": "A", "building_name": "Bâtiment A — côté boulevard d'Anfa"},
		{"residence": CASA, "building_code": "B", "building_name": "Bâtiment B — côté jardin"},
	]

	# Layout: each building has 2 shops on the ground floor and 4 apartments on floors 1 to 6;
	# 8 parking spaces in the shared basement. Surfaces in m², two decimals, as in the deeds.
	base_surfaces = {"A": [128.0, 96.0, 96.0, 128.0], "B": [142.0, 88.0, 104.0, 118.0]}
	shop_surfaces = {"A-M1": 64.5, "A-M2": 82.3, "B-M1": 71.0, "B-M2": 118.4}
	units: list[dict] = []
	for code in ("A", "B"):
		for shop in (f"{code}-M1", f"{code}-M2"):
			units.append(
				{
					"residence": CASA,
					"building": code,
					"unit_number": shop,
					"unit_type": "Commercial",
					"floor": "RDC",
					"surface": shop_surfaces[shop],
				}
			)
		for floor in range(1, 7):
			for pos, surface in enumerate(base_surfaces[code], start=1):
				jitter = round(rng.uniform(-2.5, 2.5), 2)
				units.append(
					{
						"residence": CASA,
						"building": code,
						"unit_number": f"{code}-{floor}{pos:02d}",
						"unit_type": "Apartment",
						"floor": str(floor),
						"surface": round(surface + jitter, 2),
					}
				)
	for n in range(1, 9):
		units.append(
			{
				"residence": CASA,
				"building": None,
				"unit_number": f"P-{n:02d}",
				"unit_type": "Parking",
				"floor": "-1",
				"surface": round(12.5 + rng.uniform(-0.6, 0.6), 2),
			}
		)
	_tantiemes(units, 10000)

	# Co-owners
	co_owners: list[dict] = []
	resident_addr = "Résidence Les Jardins d'Anfa, bâtiment {b}, appartement {n}, 112 boulevard d'Anfa"
	by_number = {u["unit_number"]: u for u in units}
	apartments = [u for u in units if u["unit_type"] == "Apartment"]
	owner_of: dict[str, str] = {}

	# companies: a supermarket owning both shops of building A, a pharmacy, a property investor
	superette = _company(
		gen,
		"Anfa Distribution SARL",
		"112, boulevard d'Anfa, magasins A-M1/A-M2",
		"Casablanca",
		"522",
		"contact@anfa-distribution.example.com",
	)
	pharmacie = _company(
		gen,
		"Pharmacie Les Jardins SARL AU",
		"112, boulevard d'Anfa, magasin B-M1",
		"Casablanca",
		"522",
		"pharmacie.lesjardins@example.com",
	)
	investor = _company(
		gen,
		"Immobilière Zerktouni SA",
		"201, boulevard Zerktouni, 5e étage",
		"Casablanca",
		"522",
		"gestion@immo-zerktouni.example.com",
	)
	co_owners += [superette, pharmacie, investor]
	owner_of["A-M1"] = owner_of["A-M2"] = superette["key"]
	owner_of["B-M1"] = pharmacie["key"]
	# café owner (a person) owns B-M2
	cafe = _person(
		gen, people, cin_city="Casablanca", address_line="23, rue Soumaya, Palmier", city="Casablanca"
	)
	co_owners.append(cafe)
	owner_of["B-M2"] = cafe["key"]

	# the investor company owns two apartments, let to tenants
	investor_units = ["A-302", "B-503"]
	for n in investor_units:
		owner_of[n] = investor["key"]
	# MRE owners (apartments, often vacant most of the year)
	mre_units = ["A-104", "A-401", "B-203", "B-304", "B-601", "A-602"]
	for number, (country, street, city, phone) in zip(mre_units, MRE_PLACES, strict=True):
		person = _person(
			gen,
			people,
			cin_city=rng.choice(["Casablanca", "Fès", "Rabat"]),
			address_line=street,
			city=city,
			country=country,
			phone=phone,
			is_mre=True,
		)
		co_owners.append(person)
		owner_of[number] = person["key"]
	# one private investor owns two apartments (lives in Rabat)
	rabat_investor = _person(
		gen, people, cin_city="Rabat", address_line="14, " + rng.choice(RABAT_STREETS), city="Rabat"
	)
	co_owners.append(rabat_investor)
	owner_of["A-201"] = owner_of["B-102"] = rabat_investor["key"]
	# resident owners for every other apartment
	for unit in apartments:
		if unit["unit_number"] in owner_of:
			continue
		person = _person(
			gen,
			people,
			cin_city="Casablanca",
			city="Casablanca",
			address_line=resident_addr.format(b=unit["building"], n=unit["unit_number"]),
		)
		co_owners.append(person)
		owner_of[unit["unit_number"]] = person["key"]

	# parkings: five go with apartments (same owner), three to people living nearby
	parking_to_apartment = {
		"P-01": "A-101",
		"P-02": "A-601",
		"P-03": "B-101",
		"P-04": "B-602",
		"P-05": "A-201",
	}
	for parking, apartment in parking_to_apartment.items():
		owner_of[parking] = owner_of[apartment]
	for parking in ("P-06", "P-07", "P-08"):
		person = _person(
			gen,
			people,
			cin_city="Casablanca",
			city="Casablanca",
			address_line=f"{rng.randint(3, 140)}, {rng.choice(CASA_STREETS)}",
		)
		co_owners.append(person)
		owner_of[parking] = person["key"]

	# occupancy
	tenants_for = set(investor_units) | {"A-201", "B-102", "A-401", "B-405"}
	vacant = {"A-104", "B-304", "A-602"}
	for unit in units:
		unit["co_owner"] = owner_of[unit["unit_number"]]
		unit["acquired_on"] = "2016-09-01"
		number = unit["unit_number"]
		if number in tenants_for:
			first, last = people.draw()
			unit.update(
				occupancy="Tenant",
				occupant_name=f"{first} {last}",
				occupant_phone=gen.mobile(),
				occupant_email=f"{_ascii(first)}.{_ascii(last)}@example.org",
			)
		elif number in vacant:
			unit["occupancy"] = "Vacant"
		else:
			unit["occupancy"] = "Owner"

	# ownership transfers (history kept): two apartments were sold after delivery
	transfers = []
	for number, date, reference in (
		(
			"A-203",
			"2021-03-15",
			"Acte de vente du 15/03/2021, Me Hajar Bensouda, notaire à Casablanca, n° 2021/0458",
		),
		(
			"B-404",
			"2024-09-30",
			"Acte de vente du 30/09/2024, Me Karim Tahiri, notaire à Casablanca, n° 2024/1876",
		),
	):
		seller = _person(
			gen,
			people,
			cin_city="Casablanca",
			city="Casablanca",
			address_line=f"{rng.randint(3, 140)}, {rng.choice(CASA_STREETS)}",
		)
		co_owners.append(seller)
		buyer = owner_of[number]
		by_number[number]["co_owner"] = seller["key"]  # created with the first owner...
		transfers.append(
			{  # ...then transferred, so that the history shows both
				"residence": CASA,
				"unit_number": number,
				"from_owner": seller["key"],
				"new_owner": buyer,
				"date": date,
				"reference": reference,
			}
		)

	# allocation keys (the general one is created with the résidence)
	allocation_keys = [
		{
			"residence": CASA,
			"key_name": f"Ascenseur bâtiment {building}",
			"basis": "Tantiemes",
			"units": [
				{"unit": u["unit_number"], "weight": u["tantiemes"]}
				for u in apartments
				if u["building"] == building
			],
		}
		for building in ("A", "B")
	]
	allocation_keys.append(
		{
			"residence": CASA,
			"key_name": "Parking",
			"basis": "Equal",
			"units": [{"unit": u["unit_number"], "weight": 1} for u in units if u["unit_type"] == "Parking"],
		}
	)
	return {
		"residence": residence,
		"buildings": buildings,
		"units": units,
		"co_owners": co_owners,
		"transfers": transfers,
		"allocation_keys": allocation_keys,
	}


# --- Marrakech -------------------------------------------------------------------------------


def _marrakech(gen: _Gen, people: _People, casa_owners: list[dict]) -> dict:
	rng = gen.rng
	residence = {
		"residence_name": MARRAKECH,
		"abbr": "RPT",
		"address_line": "Route de Targa, lotissement Palmeraie Targa",
		"city": "Marrakech",
		"geolocation": _geojson(31.6571, -8.0478),
		"ice": None,  # small syndicat: identifiant fiscal only
		"tax_id_if": gen.tax_if(),
		"total_tantiemes": 1000,
		"bank_name": "CIH Bank — agence Guéliz",
		"rib": gen.rib("230", "450"),
		"created_on": "2019-05-01",
	}
	buildings = [{"residence": MARRAKECH, "building_code": "R", "building_name": "Bloc Riad"}]
	units = []
	for n in range(1, 9):
		units.append(
			{
				"residence": MARRAKECH,
				"building": None,
				"unit_number": f"V-{n:02d}",
				"unit_type": "Villa",
				"floor": "RDC+1",
				"surface": round(rng.uniform(235, 420), 2),
			}
		)
	for n, floor in zip(range(1, 5), ("RDC", "RDC", "1", "1"), strict=True):
		units.append(
			{
				"residence": MARRAKECH,
				"building": "R",
				"unit_number": f"R-{n:02d}",
				"unit_type": "Apartment",
				"floor": floor,
				"surface": round(rng.uniform(78, 115), 2),
			}
		)
	_tantiemes(units, 1000)

	co_owners: list[dict] = []
	owner_of: dict[str, str] = {}
	# two Casablanca co-owners have a second home here (one co-owner, several résidences)
	casa_people = [c for c in casa_owners if c["owner_type"] == "Person" and not c["is_mre"]]
	owner_of["V-03"] = casa_people[3]["key"]
	owner_of["R-02"] = casa_people[11]["key"]
	company = _company(
		gen,
		"Palmeraie Invest SARL",
		"Km 7, route de Fès, zone touristique",
		"Marrakech",
		"524",
		"contact@palmeraie-invest.example.com",
	)
	co_owners.append(company)
	owner_of["V-07"] = company["key"]
	canada = (
		"Canada",
		"1180, avenue des Pins Ouest, app. 12",
		"Montréal (Québec) H3G 1A4",
		"+1 438 555 0192",
	)
	mre = _person(
		gen,
		people,
		cin_city="Marrakech",
		address_line=canada[1],
		city=canada[2],
		country=canada[0],
		phone=canada[3],
		is_mre=True,
	)
	co_owners.append(mre)
	owner_of["V-05"] = mre["key"]
	for unit in units:
		if unit["unit_number"] in owner_of:
			continue
		local = rng.random() < 0.6
		person = _person(
			gen,
			people,
			cin_city="Marrakech" if local else rng.choice(["Casablanca", "Rabat"]),
			city="Marrakech" if local else "Casablanca",
			address_line=(
				f"{MARRAKECH}, {unit['unit_number']}, route de Targa"
				if local
				else f"{rng.randint(3, 140)}, {rng.choice(CASA_STREETS)}"
			),
		)
		co_owners.append(person)
		owner_of[unit["unit_number"]] = person["key"]
	for unit in units:
		unit["co_owner"] = owner_of[unit["unit_number"]]
		unit["acquired_on"] = "2019-05-01"
		unit["occupancy"] = "Owner"
	units_by = {u["unit_number"]: u for u in units}
	units_by["V-05"]["occupancy"] = "Vacant"
	first, last = people.draw()
	units_by["R-04"].update(occupancy="Tenant", occupant_name=f"{first} {last}", occupant_phone=gen.mobile())

	seller = _person(
		gen, people, cin_city="Marrakech", city="Marrakech", address_line="36, rue de Yougoslavie, Guéliz"
	)
	co_owners.append(seller)
	units_by["V-02"]["co_owner"], buyer = seller["key"], owner_of["V-02"]
	transfers = [
		{
			"residence": MARRAKECH,
			"unit_number": "V-02",
			"from_owner": seller["key"],
			"new_owner": buyer,
			"date": "2022-07-01",
			"reference": "Acte de vente du 01/07/2022, Me Siham El Ghazi, notaire à Marrakech, n° 2022/0931",
		}
	]
	return {
		"residence": residence,
		"buildings": buildings,
		"units": units,
		"co_owners": co_owners,
		"transfers": transfers,
		"allocation_keys": [],
	}


# --- suppliers -------------------------------------------------------------------------------


SUPPLIER_ADDRESSES = {
	"Atlas Ascenseurs Maroc SARL": "Parc industriel de Sidi Maârouf, lot 45",
	"Nadafa Services SARL": "27, rue Ibn Khaldoun, Maârif",
	"Al Amane Gardiennage et Sécurité SARL": "Angle boulevard Brahim Roudani et rue Al Fourat, 3e étage",
	"Jardins de la Palmeraie SARL AU": "Km 4, route de Fès, Palmeraie",
	"Électricité Générale Chaouia SARL": "Zone industrielle Aïn Sebaâ, rue 12, n° 8",
	"SRM Casablanca-Settat": "48, boulevard Mohamed Diouri",
}


def _suppliers(gen: _Gen) -> list[dict]:
	rows = [
		("Atlas Ascenseurs Maroc SARL", "Elevator", "Casablanca", "522", "007", "780", [CASA]),
		("Nadafa Services SARL", "Cleaning", "Casablanca", "522", "011", "780", [CASA]),
		(
			"Al Amane Gardiennage et Sécurité SARL",
			"Security",
			"Casablanca",
			"522",
			"190",
			"780",
			[CASA, MARRAKECH],
		),
		("Jardins de la Palmeraie SARL AU", "Gardening", "Marrakech", "524", "230", "450", [MARRAKECH, CASA]),
		("Électricité Générale Chaouia SARL", "Electricity", "Casablanca", "522", "022", "780", [CASA]),
		("SRM Casablanca-Settat", "Utility Distributor", "Casablanca", "522", "007", "780", [CASA]),
	]
	suppliers = []
	for name, category, city, area, bank, city_code, served in rows:
		suppliers.append(
			{
				"supplier_name": name,
				"supplier_type": "Company",
				"country": "Morocco",
				"service_category": category,
				"supplier_ice": gen.ice(),
				"supplier_if": gen.tax_if(),
				"supplier_rc": gen.rc(city),
				"supplier_rib": gen.rib(bank, city_code),
				"phone": gen.landline(area),
				"address_line": SUPPLIER_ADDRESSES[name],
				"city": city,
				"served_residences": served,
			}
		)
	return suppliers


def build(seed: int = SEED) -> dict:
	"""All demo data, as plain dicts. Same seed → same output, byte for byte."""
	gen = _Gen(seed)
	people = _People(gen)
	casa = _casablanca(gen, people)
	marrakech = _marrakech(gen, people, casa["co_owners"])
	co_owners = casa["co_owners"] + marrakech["co_owners"]
	_finish_people(co_owners)
	return {
		"residences": [casa["residence"], marrakech["residence"]],
		"buildings": casa["buildings"] + marrakech["buildings"],
		"co_owners": co_owners,
		"units": casa["units"] + marrakech["units"],
		"transfers": casa["transfers"] + marrakech["transfers"],
		"allocation_keys": casa["allocation_keys"] + marrakech["allocation_keys"],
		"suppliers": _suppliers(gen),
	}
