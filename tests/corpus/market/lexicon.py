"""Label lexicons per field, as Moroccan suppliers print them, split in two parts.

TUNING: what the rules may be written and tuned against. HELDOUT: wordings kept for the
figure that is reported; rule writing must not look at them (issue 15). The split is fixed in
code, not drawn at run time, so that it cannot drift from one run to the next.
"""

from __future__ import annotations

# (Arabic-first labels are written "عربي / Français": the Arabic part is shaped when drawn.)
TUNING = {
	"number": ["Facture N°", "N° facture", "Facture n°", "Numéro de facture", "N° :"],
	"date": ["Date", "Date de facture", "Date facture"],
	"due": ["Échéance", "Date d'échéance", "À régler avant le"],
	"ice": ["ICE", "I.C.E"],
	"if": ["IF", "Identifiant fiscal"],
	"rc": ["RC", "R.C."],
	"patente": ["Patente", "TP"],
	"ht": ["Total HT", "Montant HT", "Total hors taxes"],
	"tva": ["TVA", "T.V.A."],
	"ttc": ["Total TTC", "Montant TTC", "Montant T.T.C."],
	"payable": ["Net à payer", "Net à payer TTC"],
	"customer_ice": ["ICE client", "ICE du client"],
	# English-labelled invoices (foreign groups' subsidiaries, lift makers)
	"en_number": ["Invoice No.", "Invoice number"],
	"en_date": ["Invoice date", "Date"],
	"en_due": ["Due date", "Payment due"],
	"en_ht": ["Subtotal", "Total excl. VAT"],
	"en_tva": ["VAT"],
	"en_ttc": ["Total incl. VAT", "Total"],
}
HELDOUT = {
	"number": [
		"Réf. facture",
		"N° de la facture",
		"Facture No",
		"Fact. N°",
		"Note d'honoraires N°",
	],
	"date": ["Date d'émission", "Date de la facture", "Émise le"],
	"due": ["Date limite de paiement", "Payable avant le", "Échéance de paiement"],
	"ice": ["ICE N°", "Identifiant Commun de l'Entreprise"],
	"if": ["I.F.", "Id. fiscal", "IF N°"],
	"rc": ["Registre de commerce", "RC N°"],
	"patente": ["Taxe professionnelle", "N° Patente"],
	"ht": ["Total H.T", "Sous-total HT", "Montant hors taxe"],
	"tva": ["Montant TVA", "Total TVA"],
	"ttc": ["Total T.T.C", "Total toutes taxes comprises", "Montant total TTC"],
	"payable": ["Total à payer", "Montant dû", "Reste à payer"],
	"customer_ice": ["ICE acheteur", "ICE Client N°"],
	"ar_number": ["رقم الفاتورة / Facture N°", "فاتورة رقم / N° Facture"],
	"ar_date": ["التاريخ / Date", "تاريخ الفاتورة / Date facture"],
	"ar_due": ["تاريخ الاستحقاق / Échéance"],
	"ar_ht": ["المجموع دون رسوم / Total HT"],
	"ar_tva": ["الضريبة على القيمة المضافة / TVA"],
	"ar_ttc": ["المجموع مع الرسوم / Total TTC"],
}
