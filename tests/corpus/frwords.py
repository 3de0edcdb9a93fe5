"""Amounts in French words, as printed under Moroccan invoices ("Arrêtée la présente facture…")."""

_UNITS = (
	"zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split()
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
	if n < 17:
		return _UNITS[n]
	if n < 20:
		return "dix-" + _UNITS[n - 10]
	if n < 70:
		t, u = divmod(n, 10)
		if u == 0:
			return _TENS[t]
		return _TENS[t] + (" et un" if u == 1 else "-" + _UNITS[u])
	if n < 80:
		return "soixante" + (" et onze" if n == 71 else "-" + _below_100(n - 60))
	if n == 80:
		return "quatre-vingts"
	return "quatre-vingt-" + _below_100(n - 80)


def _below_1000(n: int) -> str:
	h, r = divmod(n, 100)
	if h == 0:
		return _below_100(r)
	head = "cent" if h == 1 else _UNITS[h] + " cent" + ("s" if r == 0 else "")
	return head if r == 0 else head + " " + _below_100(r)


def number_words(n: int) -> str:
	if n < 1000:
		return _below_1000(n)
	if n < 1_000_000:
		th, r = divmod(n, 1000)
		head = "mille" if th == 1 else _below_1000(th) + " mille"
		return head if r == 0 else head + " " + _below_1000(r)
	m, r = divmod(n, 1_000_000)
	head = _below_1000(m) + (" million" if m == 1 else " millions")
	return head if r == 0 else head + " " + number_words(r)


def amount_words(amount) -> str:
	cents = int((amount * 100).to_integral_value())
	dh, c = divmod(cents, 100)
	text = number_words(dh) + " dirhams"
	if c:
		text += " et " + number_words(c) + " centimes"
	return text
