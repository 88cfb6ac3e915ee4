# (Kept in the repository so that bench/run is self-contained; the shape of
# the script that the speed targets in DESIGN.md were set against.)
# The job an analyst would write instead of `leads import`: pandas + phonenumbers + pycountry
# normalizing emails, names, countries, phones, websites and dates, deduping by email.
# usage: python3 pandas_import.py IN.csv OUT.csv (Debian: python3-pandas python3-phonenumbers python3-pycountry)
import sys, unicodedata, re, pandas as pd, phonenumbers, pycountry
src, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
country_cache = {}
def country(v):
    v = v.strip()
    if v not in country_cache:
        c = None
        try: c = pycountry.countries.lookup(v).alpha_2
        except LookupError:
            c = {'USA': 'US', 'UK': 'GB', 'DEUTSCHLAND': 'DE'}.get(v.upper(), '')
        country_cache[v] = c
    return country_cache[v]
def phone(p, c):
    if not p.strip(): return ''
    try: return phonenumbers.format_number(phonenumbers.parse(p, c or 'US'), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException: return ''
df['email'] = df['Email'].str.strip().str.lower()
df['first_name'] = df['First Name'].str.strip().map(lambda s: unicodedata.normalize('NFC', s))
df['last_name'] = df['Last Name'].str.strip().map(lambda s: unicodedata.normalize('NFC', s))
df['country'] = df['Country/Region'].map(country)
df['phone'] = [phone(p, c) for p, c in zip(df['Phone Number'], df['country'])]
df['website'] = df['Website URL'].str.lower().str.extract(r'^(?:https?://)?(?:www\.)?([^/:]+)', expand=False)
df['created_at'] = pd.to_datetime(df['Create Date'], format='%Y-%m-%d %H:%M', errors='coerce').dt.strftime('%Y-%m-%dT%H:%M:%SZ')
df['employees'] = pd.to_numeric(df['Number of Employees'], errors='coerce')
df = df[df['email'].str.contains('@')]
df = df.drop_duplicates('email', keep='first')
df.to_csv(out, index=False)
