#!/usr/bin/env python3
"""The figures `leads report` must give for Maven Analytics' CRM pipeline,
computed straight from sales_pipeline.csv with nothing but the csv module.

A deal is a lead. Its deal_stage is its stage now (Prospecting -> new,
Engaging -> engaged, Won -> customer, Lost -> lost), its engage_date its entry
into engaged, its close_date its entry into customer (won) or lost. Over a
period that holds every date of the file:
  - leads per stage now, and per agent;
  - leads that entered engaged, customer and lost in the period, in all and per agent;
  - win rate: won / (won + lost), in all and per agent (to 4 decimals, a
    half rounded up, exactly);
  - days from engaged to won and to closed (won or lost): the usual median
    (midpoint for an even count) and the 90th percentile by nearest rank
    (the ceil(0.9 n)-th smallest), in all and per agent.

Usage: maven_expected.py SALES_PIPELINE_CSV   (prints one JSON object)
"""
import csv
import datetime
import fractions
import json
import math
import sys

STAGES = {"Prospecting": "new", "Engaging": "engaged", "Won": "customer", "Lost": "lost"}


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return None
    return values[n // 2] if n % 2 == 1 else (values[n // 2 - 1] + values[n // 2]) / 2


def p90(values):
    values = sorted(values)
    return values[math.ceil(0.9 * len(values)) - 1] if values else None


def share(part, whole):
    """part / whole to 4 decimals, a half rounded up (exact: no binary floating point)."""
    if whole == 0:
        return None
    return math.floor(fractions.Fraction(part, whole) * 10000 + fractions.Fraction(1, 2)) / 10000


def figures(deals):
    now = {}
    entered = {"engaged": 0, "customer": 0, "lost": 0}
    to_won, to_closed = [], []
    for deal in deals:
        stage = STAGES[deal["deal_stage"]]
        now[stage] = now.get(stage, 0) + 1
        if deal["engage_date"]:
            entered["engaged"] += 1
        if stage in ("customer", "lost"):
            entered[stage] += 1
            days = day(deal["close_date"]) - day(deal["engage_date"])
            to_closed.append(days)
            if stage == "customer":
                to_won.append(days)
    won, lost = entered["customer"], entered["lost"]
    return {
        "leads": len(deals),
        "leads_now": dict(sorted(now.items())),
        "entered": entered,
        "won": won,
        "lost": lost,
        "win_rate": share(won, won + lost),
        "engaged_to_won": {"leads": len(to_won), "median_days": median(to_won), "p90_days": p90(to_won)},
        "engaged_to_closed": {"leads": len(to_closed), "median_days": median(to_closed),
                              "p90_days": p90(to_closed)},
    }


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        deals = list(csv.DictReader(f))
    dates = [d[c] for d in deals for c in ("engage_date", "close_date") if d[c]]
    agents = sorted({d["sales_agent"] for d in deals})
    out = {
        "first_day": min(dates),
        "last_day": max(dates),
        "all": figures(deals),
        "agents": {a: figures([d for d in deals if d["sales_agent"] == a]) for a in agents},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
