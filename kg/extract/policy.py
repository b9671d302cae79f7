"""Policy texts: the issuing notice, its document number, issuer and numbered sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,8}〔\d{4}〕\d+号")
NOTICE = re.compile(r"关于印发《(?P<title>[^《》]+)》的通知")
ISSUE_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
ISSUER = re.compile(r"^\s*(?P<issuer>(?:国家|中华人民共和国)?[\u4e00-\u9fff]{2,20}(?:局|部|委员会|院|办公厅))\s*$", re.M)
PILOT_TYPE = re.compile(r"(?P<type>引领型|支撑型|特色型)知识产权强省")


@dataclass
class PolicyFacts:
    title: str | None
    number: str | None
    issuer: str | None
    issued: str | None


def policy_facts(text: str) -> PolicyFacts:
    head = text[:3000]
    notice = NOTICE.search(head)
    number = DOC_NUMBER.search(head)
    issuer = None
    issued = None
    date = ISSUE_DATE.search(head, notice.end() if notice else 0)
    if date:
        issued = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
        before = ISSUER.findall(head[: date.start()])
        issuer = before[-1] if before else None
    return PolicyFacts(notice.group("title") if notice else None, number.group() if number else None, issuer, issued)
