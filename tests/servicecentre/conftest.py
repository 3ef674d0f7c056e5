"""Fixtures for the content import and export tests: sample records, files and a command runner."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, PageLogEntry, Revision

# One real-looking record per content type, with every field of its type.
SAMPLE_RECORDS: dict[str, dict] = {
    "financing_scheme": {
        "id": "my-sjpp-working-capital-guarantee",
        "type": "financing_scheme",
        "country": "MY",
        "title": {
            "en": "SJPP Working Capital Guarantee Scheme",
            "ms": "Skim Jaminan Modal Kerja SJPP",
            "zh-hans": "SJPP 营运资金担保计划",
        },
        "summary": {
            "en": "A government guarantee that helps SMEs borrow working capital from banks.",
            "ms": "Jaminan kerajaan yang membantu PKS meminjam modal kerja daripada bank.",
        },
        "body": {"en": "The guarantee covers part of the loan.\n\nApply through your bank."},
        "sectors": ["C", "G"],
        "enterprise_sizes": ["micro", "small", "medium"],
        "support_types": ["loan", "credit_guarantee"],
        "target_groups": ["exporters"],
        "provider": {"en": "Syarikat Jaminan Pembiayaan Perniagaan (SJPP)"},
        "url": "https://www.sjpp.com.my/",
        "source_url": "https://www.sjpp.com.my/schemes",
        "last_verified": "2026-10-01",
        "verification_note": "Guarantee cover checked against the scheme page.",
        "amount_min": 50000,
        "amount_max": 5000000.5,
        "currency": "MYR",
        "key_terms": {"en": "Guarantee cover of up to 70% of the financing; tenure up to 7 years."},
        "eligibility": {"en": "SMEs registered in Malaysia with at least 51% Malaysian ownership."},
        "how_to_apply": {
            "en": "Apply at a participating bank, which applies to SJPP for the guarantee."
        },
        "application_url": "https://www.sjpp.com.my/apply",
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "contact": "+60 3-2603 0000",
    },
    "fta_guide": {
        "id": "acfta-guide",
        "type": "fta_guide",
        "country": "ASEAN",
        "title": {
            "en": "ACFTA: ASEAN-China Free Trade Area",
            "vi": "ACFTA: Khu vực Thương mại Tự do ASEAN - Trung Quốc",
        },
        "summary": {"en": "ACFTA cuts import duties on most goods traded between ASEAN and China."},
        "target_groups": ["exporters"],
        "url": "https://asean.org/",
        "source_url": "https://agreement.asean.org/",
        "last_verified": "2026-11-01",
        "agreement": "ACFTA",
        "parties": ["CN"],
        "in_force_since": "2005-07-01",
        "coverage": {"en": "Trade in goods, services and investment."},
        "rules_of_origin": {"en": "40% regional value content, or a change in tariff heading."},
        "certificate_of_origin": "Form E",
        "self_certification": {"en": "Not generally available; use Form E."},
        "official_text_url": "https://agreement.asean.org/",
    },
    "market_guide": {
        "id": "th-market-guide",
        "type": "market_guide",
        "country": "TH",
        "title": {"en": "Exporting to Thailand", "th": "การส่งออกไปยังประเทศไทย"},
        "summary": {
            "en": "What you need to sell goods in Thailand.",
            "th": "สิ่งที่ต้องรู้เพื่อขายสินค้าในประเทศไทย",
        },
        "market_overview": {"en": "Thailand is ASEAN's second largest economy."},
        "import_requirements": {"en": "Food and cosmetics need Thai FDA registration."},
        "standards_bodies": {"en": "Thai Industrial Standards Institute (TISI)."},
        "trade_promotion_agency": {"en": "Department of International Trade Promotion (DITP)."},
        "trade_promotion_url": "https://www.ditp.go.th/",
        "source_url": "https://www.ditp.go.th/",
        "last_verified": "2026-09-15",
    },
    "registration_guide": {
        "id": "vn-business-registration",
        "type": "registration_guide",
        "country": "VN",
        "title": {
            "en": "Registering a business in Viet Nam",
            "vi": "Đăng ký kinh doanh tại Việt Nam",
        },
        "summary": {"en": "Register a household business or a company online."},
        "legal_forms": {
            "en": "Household business, single-member LLC, multi-member LLC, joint-stock company."
        },
        "portal_name": "National Business Registration Portal",
        "portal_url": "https://dangkykinhdoanh.gov.vn/",
        "total_time": "3-5 working days",
        "total_cost": "VND 50,000 registration fee",
        "total_time_source": "https://dangkykinhdoanh.gov.vn/vn/tin-tuc/597/5280/thu-tuc.aspx",
        "total_time_year": 2026,
        "total_cost_source": "https://dangkykinhdoanh.gov.vn/vn/tin-tuc/597/5280/thu-tuc.aspx",
        "total_cost_year": 2026,
        "steps": [
            {
                "title": {"en": "Prepare the registration dossier", "vi": "Chuẩn bị hồ sơ đăng ký"},
                "agency": "Business Registration Office",
                "time": "1 day",
            },
            {
                "title": {"en": "Submit online and pay the fee"},
                "cost": "VND 50,000",
                "url": "https://dangkykinhdoanh.gov.vn/",
            },
        ],
        "one_stop_centres": [
            {
                "name": "Ha Noi Business Registration Office",
                "address": "16 Cat Linh, Dong Da, Ha Noi",
                "contact": "+84 24 3734 8473",
                "opening_hours": "Mon-Fri 8:00-17:00",
                "url": "https://dangkykinhdoanh.gov.vn/",
            }
        ],
        "source_url": "https://dangkykinhdoanh.gov.vn/",
        "last_verified": "2026-08-20",
    },
    "incubator": {
        "id": "sg-block71",
        "type": "incubator",
        "country": "SG",
        "title": {"en": "BLOCK71 Singapore"},
        "summary": {"en": "A startup cluster and incubator run by NUS Enterprise."},
        "sectors": ["J"],
        "target_groups": ["startups", "youth"],
        "provider": {"en": "NUS Enterprise"},
        "url": "https://block71.co/",
        "source_url": "https://block71.co/",
        "last_verified": "2026-07-01",
        "stages": ["incubation", "pre_incubation"],
        "services": {"en": "Co-working space, mentoring and investor introductions."},
        "fees": {"en": "Desk rental; no equity taken."},
        "how_to_apply": {"en": "Apply online."},
        "abinet_member": True,
        "abinet_member_source": "https://block71.co/about",
    },
}


@pytest.fixture
def sample() -> Callable[..., dict]:
    """A fresh copy of a sample record of a type, with fields replaced (None removes one)."""

    def make(content_type: str, **changes) -> dict:
        record = copy.deepcopy(SAMPLE_RECORDS[content_type])
        for key, value in changes.items():
            if value is None:
                record.pop(key, None)
            else:
                record[key] = value
        return record

    return make


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., str]:
    """Write records (dicts, or raw strings as lines) to a .jsonl file; return its path."""

    def write(name: str, lines: list) -> str:
        path = tmp_path / name
        text = "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
            for line in lines
        )
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., str]:
    """Write a header and rows to a .csv file; return its path."""

    def write(name: str, header: list[str], rows: list[list[str]]) -> str:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)
        return str(path)

    return write


@dataclass
class Run:
    ok: bool
    stdout: str
    stderr: str
    error: str = ""

    @property
    def error_lines(self) -> list[str]:
        return [
            line for line in self.stderr.splitlines() if line and not line.startswith("warning:")
        ]


def _run(command: str, *args) -> Run:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return Run(False, stdout.getvalue(), stderr.getvalue(), str(error))
    return Run(True, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def run_import() -> Callable[..., Run]:
    """Run `import_content` with arguments; never raises on bad input, returns what it printed."""
    return lambda *args: _run("import_content", *args)


@pytest.fixture
def run_export() -> Callable[..., Run]:
    return lambda *args: _run("export_content", *args)


@pytest.fixture
def database_state() -> Callable[[], dict]:
    """Counts and a checksum of everything an import writes, to show that nothing was."""

    def state() -> dict:
        pages = list(
            Page.objects.order_by("path").values_list(
                "path",
                "title",
                "title_en",
                "title_th",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "live_revision_id",
            )
        )
        specific = [page.specific for page in Page.objects.order_by("path")]
        fields = [
            {key: str(value) for key, value in vars(page).items() if not key.startswith("_")}
            for page in specific
        ]
        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "log_entries": PageLogEntry.objects.count(),
            "checksum": hashlib.sha256(
                json.dumps([pages, fields], sort_keys=True, default=str).encode()
            ).hexdigest(),
        }

    return state
