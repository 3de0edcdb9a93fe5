"""Check-in token of the convocation QR code (loi 18-00 art. 16 nonies: the attendance sheet)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from syndic_maroc.core.assembly.checkin import is_token, make_token, read_token
from syndic_maroc.core.errors import ValidationError

names = st.text("ABCDEFGHIJ-0123456789", min_size=1, max_size=20)


@given(names, names, st.binary(min_size=8, max_size=32))
def test_art_16_nonies_token_round_trip(assembly, co_owner, secret):
	token = make_token(secret, assembly, co_owner)
	assert is_token(token)
	assert read_token(secret, token, assembly) == co_owner


@given(names, names, names)
def test_art_16_nonies_token_of_another_assembly_refused(assembly, other, co_owner):
	if assembly == other:
		return
	token = make_token("s3cret", other, co_owner)
	with pytest.raises(ValidationError, match="for the assembly"):
		read_token("s3cret", token, assembly)


@given(names, names, names)
def test_art_16_nonies_token_forged_for_another_owner_refused(assembly, co_owner, other_owner):
	if co_owner == other_owner:
		return
	mac = make_token("s3cret", assembly, co_owner).rsplit(":", 1)[1]
	with pytest.raises(ValidationError, match="not valid"):
		read_token("s3cret", f"AGQR:{assembly}:{other_owner}:{mac}", assembly)


def test_art_16_nonies_token_of_another_site_refused():
	token = make_token("site-one", "AG-1", "COP-1")
	with pytest.raises(ValidationError, match="not valid"):
		read_token("site-two", token, "AG-1")


@pytest.mark.parametrize("text", ["", "AGQR:", "AGQR:AG-1:COP-1", "COP-0001", "AGQR:AG-1::abc"])
def test_malformed_token_refused(text):
	with pytest.raises(ValidationError):
		read_token("s3cret", text, "AG-1")


def test_plain_codes_are_not_tokens():
	assert not is_token("COP-0001") and not is_token("A-12") and not is_token(None)
