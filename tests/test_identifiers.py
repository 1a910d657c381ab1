"""Identifier normalizers: the keys that link a phone, handle or wallet across cases.

Wallet addresses are generated from random bytes in the tests, so no real wallet appears.
"""

from __future__ import annotations

import random

import base58
import bech32
import phonenumbers
import pytest
from Crypto.Hash import keccak

from casegraph.core.identifiers import (
    PLATFORMS,
    Wallet,
    account_key,
    normalize_chain,
    normalize_handle,
    normalize_phone,
    normalize_platform,
    normalize_wallet,
    phone_country,
    wallet_key,
)

RNG = random.Random(20240514)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _random_bytes(n: int) -> bytes:
    return bytes(RNG.randrange(256) for _ in range(n))


def _flip(address: str, alphabet: str, index: int) -> str:
    """Replace one character with a different one from the same alphabet."""
    old = address[index]
    new = next(c for c in alphabet if c != old and c.lower() != old.lower())
    return address[:index] + new + address[index + 1 :]


def _tron() -> str:
    return base58.b58encode_check(b"\x41" + _random_bytes(20)).decode()


def _eip55_spelling(hex40: str) -> str:
    """EIP-55 as the spec words it: uppercase a letter when its hash nibble is >= 8."""
    nibbles = keccak.new(digest_bits=256, data=hex40.encode()).hexdigest()[:40]
    spelled = [c.upper() if int(n, 16) > 7 else c for c, n in zip(hex40, nibbles, strict=True)]
    return "0x" + "".join(spelled)


def _bech32m(version: int, program: bytes) -> str:
    data = [version] + bech32.convertbits(program, 8, 5)
    polymod = bech32.bech32_polymod(bech32.bech32_hrp_expand("bc") + data + [0] * 6)
    checksum = [(polymod ^ 0x2BC830A3) >> 5 * (5 - i) & 31 for i in range(6)]
    return "bc1" + "".join(BECH32[d] for d in data + checksum)


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "raw, region, expected",
    [
        ("0712 345 678", "KE", "+254712345678"),
        ("+254 712-345-678", None, "+254712345678"),
        ("254712345678", None, "+254712345678"),  # spreadsheet dropped the plus
        ("00254712345678", "IN", "+254712345678"),  # dialled from India
        ("000254712345678", "KE", "+254712345678"),  # Kenya dials out with 000
        ("081 234 5678", "th", "+66812345678"),
        ("(+63) 917 123 4567", "KE", "+639171234567"),
    ],
)
def test_phones_in_any_spelling_share_one_e164_key(raw, region, expected):
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize("raw", ["", "   ", "not a phone", "12", "0712 345 678"])
def test_unparseable_phones_are_none(raw):
    # the last one is a local number with no region to resolve it
    assert normalize_phone(raw) is None


@pytest.mark.parametrize(
    "raw, region",
    [
        ("0712 345 678/9", "KE"),  # a digit glued on: ten digits, no Kenyan number has them
        ("0912 555", "ET"),  # a fragment: a length only a local call dials
        ("0812-555-0199", "TH"),  # a digit too many for a Thai mobile or landline
    ],
)
def test_a_fragment_or_a_number_with_a_digit_more_is_no_number(raw, region):
    """Numbers nobody gave are never made up from what was written: each is reported,
    not stored as +2547123456789 or +2510912555."""
    assert normalize_phone(raw, region) is None


def test_invented_numbers_of_a_real_length_are_kept():
    """Numbers in unassigned ranges (invented, burner) still link: a Myanmar mobile of
    the right length is kept though no operator holds its range."""
    assert normalize_phone("+95 9 555 123 456") == "+959555123456"


def test_numbers_already_in_e164_keep_the_key_libphonenumber_gives():
    """Numbers written in E.164 skip most of libphonenumber's parsing (a million records'
    phones): every region's example numbers, valid or made invalid by a digit more or
    less, and numbers a trunk prefix or a leading zero follows, key as ``parse`` keys them."""
    written = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example:
                e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                written += [e164, e164 + "5", e164[:-1]]
    written += ["+390612345678", "+2540712555014", "+78001234567", "+44020 7946 0000"]
    for raw in written:
        try:
            number = phonenumbers.parse(raw)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            assert normalize_phone(raw) == phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            ), raw
        elif number is None or not phonenumbers.is_possible_number(number):
            assert normalize_phone(raw) is None, raw


def test_numbers_in_national_format_keep_the_key_libphonenumber_gives():
    """National numbers ("0712 555 014" in Kenya) skip most of libphonenumber's parsing
    where it would only strip the trunk prefix: every region's example numbers written
    nationally, a digit more or less, and prefixes that could be international or
    carrier codes, key as ``parse`` keys them."""
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if not example:
                continue
            national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            digits = "".join(c for c in national if c.isdigit())
            for raw in (digits, digits[:-1], digits + "5", "00" + digits, "0" + digits):
                try:
                    number = phonenumbers.parse(raw, region)
                except phonenumbers.NumberParseException:
                    continue
                if phonenumbers.is_valid_number(number):
                    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                    assert normalize_phone(raw, region) == e164, (raw, region)


def test_phone_country_from_e164():
    assert phone_country("+254712345678") == "KE"
    assert phone_country("+66812345678") == "TH"
    assert phone_country("+80012345678") is None  # international freephone: no country
    assert phone_country("garbage") is None


# ---------------------------------------------------------------- handles


@pytest.mark.parametrize(
    "platform, handle, expected",
    [
        ("telegram", "@Brayo_Jobs", "brayo_jobs"),
        ("Telegram", "https://t.me/Brayo_Jobs", "brayo_jobs"),
        ("tg", "t.me/brayo_jobs?start=1", "brayo_jobs"),
        ("telegram", "https://t.me/s/Brayo_Jobs", "brayo_jobs"),  # channel web preview
        ("telegram", "https://t.me/+AbCdEfGh12", None),  # an invite link names no account
        ("telegram", "@abc", None),  # too short
        ("telegram", "@9lives_hr", None),  # must start with a letter
        ("telegram", "@" + "a" * 33, None),
        ("email", "Recruit.Desk@Mail-Jobs.com ", "recruit.desk@mail-jobs.com"),
        ("e-mail", "not-an-email", None),
        ("whatsapp", "+66 81 234 5678", "+66812345678"),
        ("whatsapp", "https://wa.me/66812345678", "+66812345678"),
        ("whatsapp", "brayo_jobs", None),
        ("facebook", "https://www.facebook.com/Golden.Sand.Careers/", "goldensandcareers"),
        ("fb", "golden.sand.careers", "goldensandcareers"),
        ("facebook", "https://m.facebook.com/profile.php?id=100089123456789", "100089123456789"),
        ("tiktok", "https://www.tiktok.com/@Easy.Jobs_Asia?lang=en", "easy.jobs_asia"),
        ("tiktok", "@easy.jobs_asia", "easy.jobs_asia"),
        ("instagram", "instagram.com/hr.bangkok.jobs", "hr.bangkok.jobs"),
        ("linkedin", "https://www.linkedin.com/in/mira-hr-consult/", "mira-hr-consult"),
        ("wechat", "Laowang_888", "laowang_888"),
        ("wechat", "13812345678", None),  # a phone without a region cannot be resolved
        ("line", "@Thai.Jobs-2024", "thai.jobs-2024"),
        ("signal", "Recruiter.42", "recruiter.42"),
        ("messenger", "https://m.me/golden.sand.careers", "goldensandcareers"),
        ("facebook", "https://www.facebook.com/groups/123456789/", None),  # a group, no profile
        ("instagram", "https://www.instagram.com/p/Cx1AbC/", None),  # a post
        ("myspace", "someone", None),
    ],
)
def test_handles_follow_platform_rules(platform, handle, expected):
    assert normalize_handle(platform, handle) == expected


def test_phone_handles_use_the_default_region():
    assert normalize_handle("wechat", "138 1234 5678", default_region="CN") == "+8613812345678"
    assert normalize_handle("whatsapp", "0712 345 678", default_region="KE") == "+254712345678"


def test_account_key_joins_canonical_platform_and_handle():
    assert account_key("TG", "https://t.me/Brayo_Jobs") == "telegram:brayo_jobs"
    assert account_key("WhatsApp", "0812345678", "TH") == "whatsapp:+66812345678"
    assert account_key("telegram", "@abc") is None
    assert account_key("pager", "12345") is None


def test_every_platform_is_known_and_aliases_resolve():
    assert all(normalize_platform(p) == p for p in PLATFORMS)
    assert normalize_platform(" Weixin ") == "wechat"
    assert normalize_platform("Facebook  Messenger") == "messenger"
    assert normalize_platform("carrier pigeon") is None


# ---------------------------------------------------------------- wallets


def test_tron_address_validated_and_flipped_character_flagged():
    address = _tron()
    assert address.startswith("T") and len(address) == 34
    assert normalize_wallet(address) == Wallet("tron", address, True)
    assert normalize_wallet(address, "USDT TRC20") == Wallet("tron", address, True)
    typo = _flip(address, B58, 10)
    assert normalize_wallet(typo) == Wallet("tron", typo, False)


def test_base58_address_with_the_wrong_version_byte_is_not_valid():
    # a base58check string starting with T but with a Bitcoin version byte is not TRON
    fake = "T" + base58.b58encode_check(b"\x00" + _random_bytes(20)).decode()[1:]
    assert normalize_wallet(fake).valid is False


def test_ethereum_checksum_and_lowercase_key():
    hex40 = _random_bytes(20).hex()
    checksummed = _eip55_spelling(hex40)
    assert checksummed != "0x" + hex40, "random address had no letters to checksum"
    wallet = normalize_wallet(checksummed)
    assert wallet == Wallet("ethereum", "0x" + hex40, True)
    assert wallet_key(wallet) == "ethereum:0x" + hex40
    # all-lowercase and all-uppercase spellings carry no checksum and are accepted
    assert normalize_wallet("0x" + hex40, "ERC20").valid
    assert normalize_wallet("0x" + hex40.upper()).valid
    letter = next(i for i, c in enumerate(checksummed) if i > 1 and c.isalpha())
    wrong_case = checksummed[:letter] + checksummed[letter].swapcase() + checksummed[letter + 1 :]
    assert normalize_wallet(wrong_case) == Wallet("ethereum", "0x" + hex40, False)


def test_bitcoin_legacy_p2sh_and_segwit():
    legacy = base58.b58encode_check(b"\x00" + _random_bytes(20)).decode()
    p2sh = base58.b58encode_check(b"\x05" + _random_bytes(20)).decode()
    segwit = bech32.encode("bc", 0, _random_bytes(20))
    taproot = _bech32m(1, _random_bytes(32))
    for address in (legacy, p2sh):
        assert normalize_wallet(address, "btc") == Wallet("bitcoin", address, True)
        typo = _flip(address, B58, 12)
        assert normalize_wallet(typo) == Wallet("bitcoin", typo, False)
    for address in (segwit, taproot):
        assert normalize_wallet(address.upper()) == Wallet("bitcoin", address, True)
        typo = _flip(address, BECH32, 20)
        assert normalize_wallet(typo) == Wallet("bitcoin", typo, False)
    # a version-1 program with the old bech32 checksum is rejected (BIP 350)
    wrong_encoding = bech32.encode("bc", 1, _random_bytes(32))
    assert normalize_wallet(wrong_encoding).valid is False


@pytest.mark.parametrize(
    "text, chain",
    [
        ("", None),
        ("hello world", None),
        ("0x1234", None),
        ("T" + "1" * 10, None),
        ("0x" + "ab" * 20, "tron"),  # an Ethereum address is not a TRON wallet
        ("0x" + "ab" * 20, "dogecoin"),
        ("1" + "0O" * 14, None),  # 0 and O are outside base58
    ],
)
def test_non_wallets_are_none(text, chain):
    assert normalize_wallet(text, chain) is None


def test_chain_aliases():
    assert normalize_chain("TRX") == "tron"
    assert normalize_chain("eth") == "ethereum"
    assert normalize_chain("XBT") == "bitcoin"
    assert normalize_chain("solana") is None
