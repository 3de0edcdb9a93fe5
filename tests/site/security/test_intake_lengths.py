"""An extracted value longer than its field (issue 10): a 180-character "billed to" made a real
invoice Failed ("Erreur inattendue") while its copies were marked Duplicate of it. The value is
cut to the field, the field goes to review, and the document saves."""

import pytest

pytestmark = pytest.mark.site


def test_a_value_longer_than_its_field_is_cut_and_flagged(db):
	from syndic_maroc.intake.jobs import fit_to_fields

	billed_to = "Syndicat des copropriétaires de la Résidence " + "Les Jardins d'Anfa, " * 7
	assert len(billed_to) > 180
	doc = db.new_doc("Incoming Document")
	doc.update({"status": "To Review", "customer_name": billed_to, "title": "x"})
	label = "VIR SEPA RECU DE " + "M. ET MME COPROPRIETAIRE " * 8
	doc.append("transactions", {"label": label})
	limit = db.get_meta("Incoming Document").get_field("customer_name").length or db.db.VARCHAR_LEN
	cut = {name for name, _label, _limit in fit_to_fields(doc)}
	assert "customer_name" in cut
	assert doc.customer_name == billed_to[:limit].rstrip()
	assert "transactions" in cut
	assert len(doc.transactions[0].label) <= db.db.VARCHAR_LEN < len(label)
	doc.insert(ignore_permissions=True)  # saves: nothing longer than its column is left
	assert db.db.get_value("Incoming Document", doc.name, "customer_name") == doc.customer_name
