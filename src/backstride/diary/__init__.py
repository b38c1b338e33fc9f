"""The diary: what a person logs, walks imported from devices, and the walking-tolerance trend.

records      DiaryEntry, Walk, DailyActivity and parsing of typed values (pure)
gpx, fit, apple_health   file readers -> walks and daily activity (read files, no database)
importer     pick the reader for a file; store its contents in one transaction
trend        walking tolerance per entry, weekly summary, first-vs-last trend (pure)
progress     gather what ``backstride progress`` shows from a Store
"""
