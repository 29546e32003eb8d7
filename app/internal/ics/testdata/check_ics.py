"""Reads an .ics file with python3-icalendar and prints one line per event:
key dates as NAME|UTC instant|alarms=N, sessions as NAME|day start-end Geneva.
Fails (exit 1) on anything a calendar program would reject."""
import sys
from datetime import timezone
from zoneinfo import ZoneInfo

import icalendar

data = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(data)
assert cal["VERSION"] == "2.0", cal.get("VERSION")
assert cal.get("PRODID"), "no PRODID"
tzs = [c for c in cal.walk("VTIMEZONE")]
assert len(tzs) == 1 and str(tzs[0]["TZID"]) == "Europe/Zurich", tzs
geneva = ZoneInfo("Europe/Zurich")
for ev in cal.walk("VEVENT"):
    for k in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "DESCRIPTION"):
        assert ev.get(k) is not None, (k, ev)
    desc = str(ev["DESCRIPTION"])
    assert "Circular 253" in desc, desc
    name = str(ev["SUMMARY"]).split(": ", 1)[1]
    start = ev.decoded("DTSTART")
    assert start.tzinfo is not None, "floating time for " + name
    if "DTEND" in ev:
        end = ev.decoded("DTEND")
        s, e = start.astimezone(geneva), end.astimezone(geneva)
        print("%s|%s %s-%s Geneva" % (name, s.strftime("%Y-%m-%d"), s.strftime("%H:%M"), e.strftime("%H:%M")))
    else:
        alarms = ev.walk("VALARM")
        for a in alarms:
            assert str(a["ACTION"]) == "DISPLAY" and a.get("TRIGGER") is not None
        print("%s|%s|alarms=%d" % (name, start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), len(alarms)))

# The VTIMEZONE itself must give the right offsets, for readers that do not
# know the zone by name (Outlook builds the zone from it).
tz = tzs[0].to_tz()
for ev in cal.walk("VEVENT"):
    p = ev["DTSTART"]
    naive = ev.decoded("DTSTART").replace(tzinfo=None)
    got = tz.localize(naive).utcoffset() if hasattr(tz, "localize") else naive.replace(tzinfo=tz).utcoffset()
    want = naive.replace(tzinfo=geneva).utcoffset()
    assert got == want, (str(ev["SUMMARY"]), got, want)
print("vtimezone ok")
