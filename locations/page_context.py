"""Context for the locations overview (list, map, postcode lookup) and a location's page."""

from __future__ import annotations

from django.utils import timezone

from directory.models import Service
from locations import hours, postcode, statuses
from locations.models import Location
from portal.core.localized import absolute, active_language, localized


def shown_locations():
    return localized(Location)


def location_index_context(request, moment=None) -> dict:
    language = active_language()
    moment = moment or timezone.now()
    context: dict = {"kinds": ["wijkentree", "wijkteam", "inloop", "activiteit"]}
    try:
        open_now = statuses.open_now_requested(request.GET, language)
    except statuses.OpenNowChoiceError as error:
        open_now = False
        context["open_now_error"] = str(error)
    every_location = statuses.attach_statuses(
        list(
            shown_locations()
            .select_related("district", "locale")
            .order_by("district__sort_order", "district__name", "name")
        ),
        moment,
        language,
    )
    # The map shows the same locations as the list, so "Nu open" narrows both.
    locations = statuses.only_open(every_location) if open_now else every_location
    context.update(
        locations=locations,
        location_total=len(every_location),
        open_now=open_now,
        open_now_value=statuses.open_now_value(),
        map_points=[
            {
                "name": location.name,
                "kind": location.kind,
                "lat": float(location.latitude),
                "lng": float(location.longitude),
                "slug": location.slug,
                "address": f"{location.street}, {location.city}",
                "status": location.opening_status.text if location.opening_status else "",
            }
            for location in locations
            if location.latitude is not None and location.longitude is not None
        ],
    )
    if "postcode" in request.GET:
        result = postcode.lookup(request.GET["postcode"], shown_locations())
        statuses.attach_statuses(result.wijkentrees + result.wijkteams, moment, language)
        context["postcode_result"] = result
        context["postcode_message"] = result.message(language)
    return context


def location_detail_context(request, location, moment=None) -> dict:
    language = active_language()
    moment = moment or timezone.now()
    schedule = hours.WeekSchedule.for_location(location)
    status = hours.status_at(schedule, moment, language) if schedule.has_hours else None
    # A subquery instead of a join: no DISTINCT over every column of every service.
    linked = Service.locations.through.objects.filter(
        location__translation_key=location.translation_key
    ).values("service_id")
    services = localized(Service).filter(pk__in=linked).for_cards().order_by("name", "pk")
    closed = [
        (hours.format_date(day, language), reason)
        for day, reason in hours.upcoming_closed_dates(schedule, moment, language)
    ]
    return {
        "schedule": schedule,
        "status": status,
        "week_rows": hours.week_rows(schedule, moment, language),
        "closed_dates": closed,
        "location_services": list(services),
        "cache_max_age": hours.cache_seconds(schedule, moment) if schedule.has_hours else None,
        "status_timeline": (
            hours.status_timeline(schedule, moment, language) if schedule.has_hours else []
        ),
        "structured_data": place_structured_data(request, location, schedule),
    }


def place_structured_data(request, location, schedule) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": location.name,
        "url": absolute(request, request.path),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.city,
            "addressCountry": "NL",
        },
    }
    if location.description:
        data["description"] = location.description
    if location.phone:
        data["telephone"] = location.phone
    if location.latitude is not None and location.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    specification = hours.opening_hours_specification(schedule)
    if specification:
        data["openingHoursSpecification"] = specification
    return data
