#include <leads/config/config.hpp>

namespace leads::config {

namespace {

// The built-in configuration, as `leads init` writes it. Keep every setting
// here: defaults() parses this text, so it is the only place defaults live.
constexpr std::string_view k_default_yaml = R"yaml(# leads.yaml -- the settings of this leads workspace.
#
# Every setting is optional: delete one and its built-in default (what `leads init`
# wrote here) applies. Settings merge key by key: a file holding only
#   scoring: {fit: [...]}
# replaces the fit rules and keeps the default engagement, grades and mql. A list
# (stages, rules, reps, null_values, ...) replaces its default as a whole, and so
# does each map of names you choose: routing.teams, scoring.engagement.groups,
# each scale under scoring.grades, each field under import.aliases and
# import.values, import.stage_dates, and each list under lists.
#
# `when:` holds an expression in the language of `leads list --where`, e.g.
#   title ~ "(?i)director" and employees >= 200     country in ["DE", "AT"]
# Write it in single quotes so that YAML leaves its double quotes alone.

# The lead store; events.csv, activities.csv and rejects/ sit beside it.
store: leads.csv

# Country (ISO 3166 alpha-2) assumed for phone numbers without a country code.
default_country: US

# Cells that mean "no value", compared after trimming white space, ignoring
# ASCII case ("n/a", "NULL" and "None" match too). Quote each entry so that YAML
# keeps it as text.
null_values: ["", "N/A", "NA", "-", "--", "Select", "null", "none"]

import:
  # Extra header spellings per canonical field, on top of the field's own name.
  # Headers match ignoring case, spaces and punctuation ("E-mail address" is
  # "Email Address"). The built-in spellings (about 55, such as "E-mail",
  # "Company Name", "Prospect ID" and Google Forms' "Timestamp"; listed in
  # leads-import(1), HEADERS) apply on top of these: a spelling here wins.
  # Presets for HubSpot, Salesforce, Pipedrive and Mailchimp exports are built
  # into `leads import --preset` and need nothing here.
  aliases:
    email: ["E-mail Address", "Work Email", "Email Address", "Business Email"]
    phone: ["Phone Number", "Mobile", "Mobile Phone", "Work Phone", "Telephone"]
    company: ["Company Name", "Organization", "Organisation", "Account Name"]
    title: ["Job Title", "Position", "Role"]
    first_name: ["First", "Given Name", "Forename"]
    last_name: ["Last", "Surname", "Family Name"]
    country: ["Country/Region", "Country Code", "Nation"]
    website: ["Website URL", "Company Website", "Domain", "URL"]
    employees: ["Number of Employees", "Employee Count", "Headcount"]
    created_at: ["Create Date", "Created Date", "Date Created", "Signup Date"]
  # Source values -> canonical values, per canonical field. Stage values must
  # name stages below; do_not_contact values are true or false.
  values:
    stage: {Won: customer, "Closed Won": customer, Lost: lost, "Closed Lost": lost,
            "Open - Not Contacted": new, "Working - Contacted": engaged,
            Qualified: sql, Unqualified: disqualified, Nurture: recycled}
    do_not_contact: {"Yes": "true", "No": "false", Unsubscribed: "true", "Opted Out": "true"}
  # Columns that date a lead's entry into a stage: header -> stage (or
  # stage_at, the date of the stage a row gives the lead). Each date becomes a
  # stage event of events.csv, so that a report over the past works on the day
  # its history is imported; a date later than the lead's stage's moves the
  # lead there. Headers match as aliases do; `leads import --stage-date` adds
  # some for one run, and the hubspot and salesforce presets know their own.
  # For a deals export: {engage_date: engaged, close_date: stage_at}
  stage_dates: {}
  # How to read an ambiguous date such as 03/05/2026: mdy (March 5), dmy (3 May)
  # or ymd. `leads import --date-order` overrides it for one run. Dotted dates
  # (05.03.2026) are day first whatever this says, as they are written.
  date_order: mdy
  # How emails tell leads apart when they are deduped: exact (as written, as
  # HubSpot and Salesforce do) or mailbox (Gmail's dots and +tags, and
  # googlemail.com, name one mailbox: a.b+news@googlemail.com is
  # ab@gmail.com). Either way the lead keeps its email as first written.
  # Internationalized domains are stored in Unicode, as people read them;
  # their punycode form (xn--...) is read as the same address.
  email_identity: exact

# The funnel. Order matters: a later stage counts as "reached" every earlier one
# in reports. side: who owns a lead in it (marketing or sales; exits may have
# none). next: the moves `leads move` allows without --force. won: a customer
# stage. exit: the lead left the main path (reports count it apart).
# reason: required or optional (the default): whether `leads move` into the
# stage needs --reason, so that sales always says why a lead went back.
stages:
  - {name: new,          side: marketing, next: [engaged, mql, disqualified]}
  - {name: engaged,      side: marketing, next: [mql, disqualified]}
  - {name: mql,          side: marketing, next: [sal, recycled, disqualified]}
  - {name: sal,          side: sales,     next: [sql, recycled, disqualified]}
  - {name: sql,          side: sales,     next: [opportunity, recycled, lost]}
  - {name: opportunity,  side: sales,     next: [customer, lost]}
  - {name: customer,     side: sales,     won: true, next: [advocate, churned]}
  - {name: advocate,     side: sales,     won: true}   # refers others (referred_by)
  - {name: churned,      exit: true, next: [recycled]}
  - {name: recycled,     side: marketing, next: [engaged, mql], exit: true, reason: required}
  - {name: disqualified, exit: true, reason: required}
  - {name: lost,         exit: true, next: [recycled], reason: required}

scoring:
  # Fit: who the lead is. Every rule whose `when` holds adds its points
  # (negative points subtract); `leads score --explain` lists them by name.
  fit:
    - {name: senior title, when: 'title ~ "(?i)\\b(vp|head|director|chief|founder)\\b"', points: 15}
    - {name: manager title, when: 'title ~ "(?i)\\bmanager\\b"', points: 5}
    - {name: mid-size, when: 'employees >= 200', points: 10}
    - {name: enterprise, when: 'employees >= 2000', points: 5}
    - {name: target industry, when: 'industry ~ "(?i)software|saas|financ|insurance|health"', points: 10}
    - {name: core market, when: 'country in ["US", "CA", "GB", "DE", "FR", "NL"]', points: 5}
    - {name: personal email, when: 'email_domain in free_mail', points: -10}
    - {name: student, when: 'title ~ "(?i)\\b(student|intern)\\b" or email_domain ~ "\\.edu$"', points: -20}
    - {name: competitor, when: 'email_domain in competitors', points: -50}
  # Engagement: what the lead did (activities.csv). An activity counts for the
  # first rule, in this order, whose activity is its type and whose detail
  # pattern, when the rule has one, is found in its detail column (RE2, e.g. a
  # page's path). It adds the rule's points, halved every half_life_days since
  # it happened. cap is the most one rule adds; group names a group whose cap
  # is the most its rules add together. name (default: the activity, plus the
  # detail pattern) is what `leads score --explain` shows.
  engagement:
    half_life_days: 30
    groups:
      web: {cap: 25}
    rules:
      - {activity: demo_request, points: 30, cap: 30}
      - {activity: form_submit,  points: 20, cap: 40}
      - {activity: webinar,      points: 15, cap: 30}
      - {activity: email_click,  points: 5,  cap: 20}
      - {name: pricing page, activity: page_view, detail: '^/pricing', points: 5, cap: 15, group: web}
      - {activity: page_view,    points: 2,  cap: 20, group: web}
      - {activity: email_open,   points: 1,  cap: 10}
  # grade = fit letter + engagement digit ("A1" is the best): each the first
  # band, best first, whose minimum the lead's points reach.
  grades: {fit: {A: 25, B: 15, C: 5, D: -1000}, engagement: {"1": 40, "2": 20, "3": 5, "4": -1000}}
  # A lead qualifies when score (fit + engagement) reaches `score` and fit
  # reaches `min_fit`. `leads score` then moves it to `stage` when it may be
  # contacted and its stage's `next` allows; it never moves a lead back.
  mql: {score: 60, min_fit: 10, stage: mql}
  # A model from `leads score --train` (a path relative to this file): when
  # set, `leads score` adds each lead's probability. Not set by default:
  # model: model.yaml

routing:
  # `leads handoff` routes the leads in from_stage that have no owner and may be
  # contacted, and moves each to handoff_stage (from_stage must list it in next).
  # from_stage unset: scoring.mql.stage, the stage scoring promotes leads to.
  handoff_stage: sal
  # from_stage: mql
  # Hours a handed-off lead may sit in handoff_stage before `leads handoff
  # --overdue` lists it.
  sla_hours: 24
  # name: what the owner column holds. weight: share of a weighted team's leads
  # (ana gets twice ben's; default 1). capacity_per_day: most leads handed to the
  # rep in a UTC day, earlier runs of the day included (default: no limit; 0: none).
  # away: UTC dates or inclusive ranges (YYYY-MM-DD..YYYY-MM-DD) with no leads.
  reps:
    - {name: ana, email: ana@example.com, team: emea, weight: 2, capacity_per_day: 25,
       away: ["2026-12-24..2026-12-31"]}
    - {name: ben, email: ben@example.com, team: emea}
    - {name: cy,  email: cy@example.com,  team: americas}
  # First match wins; a lead is left in from_stage when none matches. Before any
  # rule, a lead from a company domain (not free_mail) that already has an owner
  # goes to that owner, when the owner is a rep who is not away or full today.
  rules:
    - {when: 'country in ["US", "CA", "MX", "BR", "AR", "CO", "CL"]', team: americas}
    - {when: 'true', team: emea}
  # strategy: round_robin (turns in rep order, the next after the rep the team's
  # last owner event in events.csv names), weighted (by rep weight, from the
  # team's recent owner events) or least_loaded (the rep with the fewest open
  # leads: owned and in a stage neither won nor exit). Default: round_robin.
  teams:
    emea: {strategy: weighted}
    americas: {strategy: round_robin}

report:
  # Default for `leads report --period`: last-week, this-week, last-month,
  # this-month, yesterday, today, last-N-days (last-30-days), 2026-W47,
  # 2026-11, 2026-11-27 or 2026-11-01..2026-11-30. All times are UTC.
  period: last-week
  # Default for --every: the unit of the report's trend, week or month.
  every: week
  # Rows of the long lists (SLA owners, feedback, advocates) that the table,
  # md and html formats show, most first; csv, json and yaml show them all.
  top: 10

# Named lists of values, for expressions: `email_domain in free_mail`.
lists:
  free_mail: [gmail.com, googlemail.com, yahoo.com, hotmail.com, outlook.com, live.com, msn.com,
              aol.com, icloud.com, me.com, gmx.de, gmx.net, web.de, t-online.de, proton.me,
              protonmail.com, mail.ru, yandex.ru, qq.com, 163.com, 126.com, zoho.com]
  # Your competitors' domains (see the competitor fit rule).
  competitors: []
)yaml";

} // namespace

std::string_view default_yaml() {
  return k_default_yaml;
}

} // namespace leads::config
