"""Polish dates as people write them: "1 grudnia 2026", never "01-12-2026".

Django's own Polish short formats are "d-m-Y", which reads as a code rather than a date
and is not the form Polish offices and schools use. Everything else falls back to
Django's Polish formats.
"""

SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E Y, H:i"
