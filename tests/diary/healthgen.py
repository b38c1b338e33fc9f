"""Write small Apple Health ``export.xml`` files shaped like the real thing (DTD, Me, Records,
Workouts with WorkoutStatistics and routes, a Correlation, ActivitySummary)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2024-04-01 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1956-02-03" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def step_record(day: date, hour: int, value: int, source: str = "Phone") -> str:
    s = f"{day} {hour:02d}:00:00 +0100"
    e = f"{day} {hour:02d}:10:00 +0100"
    return (
        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="{source}" '
        f'sourceVersion="17.2" unit="count" creationDate="{e}" startDate="{s}" endDate="{e}" '
        f'value="{value}"/>\n'
    )


def speed_record(day: date, hour: int, kmh: float) -> str:
    s = f"{day} {hour:02d}:00:00 +0100"
    return (
        f' <Record type="HKQuantityTypeIdentifierWalkingSpeed" sourceName="Phone" '
        f'unit="km/hr" creationDate="{s}" startDate="{s}" endDate="{s}" value="{kmh}"/>\n'
    )


def workout(
    start: datetime, minutes: float, km: float, kind: str = "Walking", *, old: bool = False
) -> str:
    s = f"{start:%Y-%m-%d %H:%M:%S} +0100"
    e = f"{start + timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S} +0100"
    if old:  # iOS 15 and before: distance on the Workout element
        return (
            f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" '
            f'durationUnit="min" totalDistance="{km}" totalDistanceUnit="km" sourceName="Watch" '
            f'creationDate="{e}" startDate="{s}" endDate="{e}">\n'
            f'  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n </Workout>\n'
        )
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" '
        f'durationUnit="min" sourceName="Watch" creationDate="{e}" startDate="{s}" endDate="{e}">\n'
        f'  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{s}" '
        f'endDate="{e}" sum="120" unit="kcal"/>\n'
        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
        f'startDate="{s}" endDate="{e}" sum="{km}" unit="km"/>\n'
        f'  <WorkoutRoute sourceName="Watch" creationDate="{e}" startDate="{s}" endDate="{e}">\n'
        f'   <FileReference path="/workout-routes/route_{start:%Y-%m-%d_%H.%M}.gpx"/>\n'
        f"  </WorkoutRoute>\n </Workout>\n"
    )


def correlation(day: date) -> str:
    s = f"{day} 08:00:00 +0100"
    return (
        f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff" '
        f'creationDate="{s}" startDate="{s}" endDate="{s}">\n'
        f'  <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Odd" unit="count" '
        f'startDate="{s}" endDate="{s}" value="99999"/>\n </Correlation>\n'
    )


def write_export(
    path: Path, days: int = 3, records_per_day: int = 4, start: date = date(2024, 3, 4)
) -> Path:
    """Per day: ``records_per_day`` phone step records of 100 steps, one watch record of 50
    steps, two walking-speed records (4 and 5 km/h), and one walking workout (30 + day min,
    2.5 km) plus a cycling workout that must be ignored."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for i in range(days):
            day = start + timedelta(days=i)
            for r in range(records_per_day):
                out.write(step_record(day, 6 + r % 14, 100))
            out.write(step_record(day, 12, 50, source="Watch"))
            out.write(speed_record(day, 9, 4.0))
            out.write(speed_record(day, 17, 5.0))
            out.write(
                workout(
                    datetime.combine(day, datetime.min.time()) + timedelta(hours=10),
                    30 + i,
                    2.5,
                    old=i % 2 == 1,
                )
            )
            out.write(
                workout(
                    datetime.combine(day, datetime.min.time()) + timedelta(hours=15),
                    45,
                    12.0,
                    "Cycling",
                )
            )
            out.write(correlation(day))
            out.write(f' <ActivitySummary dateComponents="{day}" activeEnergyBurned="300"/>\n')
        out.write("</HealthData>\n")
    return path
