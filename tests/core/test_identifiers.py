"""core.identifiers: ICE, RIB, IBAN, phone numbers, CIN (MOROCCO.md §2.1, §2.5, §5 rule 25)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syndic_maroc.core.errors import ValidationError
from syndic_maroc.core.identifiers import (
	BANK_NAMES,
	compute_rib_key,
	format_iban,
	format_rib,
	iban_from_rib,
	iban_ok,
	ice_parts,
	is_moroccan_mobile,
	normalize_phone,
	parse_rib,
	rib_from_iban,
	rib_key_ok,
	validate_cin,
	validate_iban,
	validate_ice,
	validate_rib,
)

# --- ICE ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"text",
	[
		"001234567000089",
		"001 234567 0000 89",
		"001-234567-0000-89",
		" 001234567000089 ",
		"ICE : 001234567000089",
		"ICE N° 001234567000089",
		"٠٠١٢٣٤٥٦٧٠٠٠٠٨٩",
	],
)
def test_ice_is_normalised_to_15_digits(text):
	assert validate_ice(text) == "001234567000089"


def test_ice_parts_are_9_4_2():
	assert ice_parts("001234567000089") == {
		"ice": "001234567000089",
		"company": "001234567",
		"establishment": "0000",
		"key": "89",
	}


@pytest.mark.parametrize("text", ["", "00123456700008", "0012345670000890", "00123456700008A", "ICE"])
def test_bad_ice_raises_french_message(text):
	with pytest.raises(ValidationError) as info:
		validate_ice(text)
	assert info.value.message == 'The ICE must have exactly 15 digits (received: "{value}")'
	assert info.value.params["value"] == text


# --- RIB ---------------------------------------------------------------------------------

BODY = "0077800001234567890123"  # bank 007, city 780, 16-digit account
RIB = BODY + "96"


def test_compute_rib_key_and_check():
	assert compute_rib_key(BODY) == "96"
	assert int(RIB) % 97 == 0
	assert rib_key_ok(RIB)
	assert rib_key_ok("007 780 0001234567890123 96")
	assert not rib_key_ok(BODY + "95")
	assert not rib_key_ok("123")


def test_rib_key_ranges_from_01_to_97():
	# A body whose ×100 is already divisible by 97 gets the key 97, never 00.
	body = str(97 * 10**19).zfill(22)
	assert compute_rib_key(body) == "97"
	assert compute_rib_key("0" * 22) == "97"
	assert compute_rib_key("0" * 21 + "1") == "94"  # 100 mod 97 = 3 → 97 − 3 = 94, and 194 = 2 × 97


def test_parse_rib():
	parts = parse_rib("007-780-0001234567890123-96")
	assert parts == (RIB, "007", "780", "0001234567890123", "96", "Attijariwafa bank", True)
	assert parts._asdict()["account"] == "0001234567890123"


def test_unsourced_bank_codes_have_no_name():
	assert set(BANK_NAMES) == {"007"}
	assert parse_rib("011" + BODY[3:] + compute_rib_key("011" + BODY[3:])).bank_name is None


@pytest.mark.parametrize(
	"text",
	["", RIB[:-1], RIB + "0", RIB[:10] + "A" + RIB[11:], "FR76 3000 6000 0112 3456 7890 189"],
)
def test_bad_rib_length_or_characters_is_always_refused(text):
	with pytest.raises(ValidationError, match="24 digits"):
		validate_rib(text)


def test_bad_rib_key_is_refused_only_when_strict():
	bad = BODY + "95"
	assert validate_rib(bad) == bad
	assert parse_rib(bad).key_ok is False
	with pytest.raises(ValidationError) as info:
		validate_rib(bad, strict_key=True)
	assert info.value.params["expected"] == "96"
	assert validate_rib(RIB, strict_key=True) == RIB


def test_format_rib():
	assert format_rib(RIB) == "007 780 0001234567890123 96"


def test_compute_rib_key_needs_22_digits():
	with pytest.raises(ValidationError):
		compute_rib_key("123")


rib_bodies = st.text(alphabet="0123456789", min_size=22, max_size=22)


@settings(max_examples=200)
@given(body=rib_bodies)
def test_generated_ribs_pass_the_key_check(body):
	rib = body + compute_rib_key(body)
	assert 1 <= int(rib[22:]) <= 97
	assert rib_key_ok(rib)
	assert validate_rib(rib, strict_key=True) == rib


@settings(max_examples=300)
@given(body=rib_bodies, position=st.integers(0, 23), delta=st.integers(1, 9))
def test_any_single_digit_change_fails_the_key_check(body, position, delta):
	rib = body + compute_rib_key(body)
	changed = rib[:position] + str((int(rib[position]) + delta) % 10) + rib[position + 1 :]
	assert not rib_key_ok(changed)
	with pytest.raises(ValidationError):
		validate_rib(changed, strict_key=True)


# --- IBAN --------------------------------------------------------------------------------


def test_iban_from_rib():
	iban = iban_from_rib(RIB)
	assert iban == "MA64" + RIB
	assert len(iban) == 28
	assert validate_iban(iban) == iban
	assert validate_iban("ma64 " + format_rib(RIB)) == iban
	assert format_iban(iban) == "MA64 0077 8000 0123 4567 8901 2396"
	assert rib_from_iban(format_iban(iban)) == RIB
	assert validate_iban("IBAN " + format_iban(iban)) == iban


def test_foreign_ibans():
	# ISO 13616 examples (France, United Kingdom)
	assert iban_ok("FR14 2004 1010 0505 0001 3M02 606")
	assert iban_ok("GB82 WEST 1234 5698 7654 32")
	assert not iban_ok("GB82 WEST 1234 5698 7654 33")
	assert validate_iban("GB82 WEST 1234 5698 7654 32", moroccan_only=False) == "GB82WEST12345698765432"
	with pytest.raises(ValidationError, match="must be Moroccan"):
		validate_iban("GB82 WEST 1234 5698 7654 32")


@pytest.mark.parametrize(
	"text",
	["MA65" + RIB, "MA64" + RIB[:-1], "MA64" + RIB + "1", "MA64" + RIB[:-2] + "AB", "", "MA"],
)
def test_bad_moroccan_ibans(text):
	assert not iban_ok(text)
	with pytest.raises(ValidationError):
		validate_iban(text)


@settings(max_examples=200)
@given(body=rib_bodies)
def test_every_rib_gives_a_valid_28_character_iban(body):
	rib = body + compute_rib_key(body)
	iban = iban_from_rib(rib)
	assert len(iban) == 28
	assert iban_ok(iban)
	assert rib_from_iban(iban) == rib


@settings(max_examples=200)
@given(body=rib_bodies, position=st.integers(4, 27), delta=st.integers(1, 9))
def test_single_digit_change_breaks_the_iban_check(body, position, delta):
	iban = iban_from_rib(body + compute_rib_key(body))
	changed = iban[:position] + str((int(iban[position]) + delta) % 10) + iban[position + 1 :]
	assert not iban_ok(changed)


# --- Phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("06 12 34 56 78", "+212612345678"),
		("0612345678", "+212612345678"),
		("06.12.34.56.78", "+212612345678"),
		("06-12-34-56-78", "+212612345678"),
		("07 12 34 56 78", "+212712345678"),
		("05 22 12 34 56", "+212522123456"),
		("+212 6 12 34 56 78", "+212612345678"),
		("+212612345678", "+212612345678"),
		("+212 (0)6 12 34 56 78", "+212612345678"),
		("+212 06 12 34 56 78", "+212612345678"),
		("00212 6 12 34 56 78", "+212612345678"),
		("0212 6 12 34 56 78", "+212612345678"),
		("212612345678", "+212612345678"),
		("612345678", "+212612345678"),
		("٠٦١٢٣٤٥٦٧٨", "+212612345678"),
		("+33 6 12 34 56 78", "+33612345678"),  # MRE in France
		("0033 6 12 34 56 78", "+33612345678"),
		("+1 (514) 555-0123", "+15145550123"),
		("+34 612 345 678", "+34612345678"),
	],
)
def test_normalize_phone(text, expected):
	assert normalize_phone(text) == expected


@pytest.mark.parametrize(
	"text",
	[
		"",
		"abc",
		"0612",
		"06123456789",
		"+212 4 12 34 56 78",
		"+212 6 12 34",
		"+33 6",
		"+0 123456789",
		"+1234567890123456",
		"12345",
		"06 12 34 56 7x",
	],
)
def test_bad_phone_numbers(text):
	with pytest.raises(ValidationError):
		normalize_phone(text)


def test_foreign_numbers_can_be_refused():
	with pytest.raises(ValidationError, match="Moroccan numbers"):
		normalize_phone("+33 6 12 34 56 78", allow_foreign=False)
	assert normalize_phone("0612345678", allow_foreign=False) == "+212612345678"


def test_is_moroccan_mobile():
	assert is_moroccan_mobile("06 12 34 56 78")
	assert is_moroccan_mobile("07 12 34 56 78")
	assert not is_moroccan_mobile("05 22 12 34 56")
	assert not is_moroccan_mobile("+33 6 12 34 56 78")
	assert not is_moroccan_mobile("n/a")


@settings(max_examples=200)
@given(
	national=st.from_regex(r"[5-8][0-9]{8}", fullmatch=True),
	prefix=st.sampled_from(["0", "+212", "+212 ", "00212", "0212", "+212 (0)"]),
	sep=st.sampled_from(["", " ", ".", "-"]),
)
def test_every_way_of_writing_a_moroccan_number_gives_one_e164_form(national, prefix, sep):
	written = prefix + sep.join(national[i : i + 2] for i in range(0, 9, 2))
	assert normalize_phone(written) == "+212" + national


# --- CIN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("text", "expected"),
	[("BE123456", "BE123456"), ("be 123456", "BE123456"), ("A12345", "A12345"), ("JB-1234", "JB1234")],
)
def test_cin(text, expected):
	assert validate_cin(text) == expected


@pytest.mark.parametrize("text", ["", "123456", "ABC123", "BE", "BE12345678", "B E 1 2 3-X"])
def test_bad_cin(text):
	with pytest.raises(ValidationError, match="CIN"):
		validate_cin(text)
