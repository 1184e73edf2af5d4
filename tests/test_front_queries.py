"""Each page needs the same number of queries whatever the amount of data (1× vs 10×)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import front_data

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/en/",
    "/themas/",
    "/themas/geldzaken/",
    "/themas/geldzaken/?doelgroep=ouderen&stadsdeel=zuid",
    "/organisaties/",
    "/organisaties/?pagina=2",
    "/organisaties/?pagina=abc",
    "/organisaties/a-schuldhulp/",
    "/aanbod/",
    "/aanbod/?pagina=99",
    "/aanbod/a-schuldhulp-spreekuur/",
    "/locaties/",
    "/locaties/?postcode=7552",
    # Opening status on every card and the "Nu open" filter: hours are loaded per list.
    "/locaties/?open=nu",
    "/locaties/?postcode=7552&open=nu",
    "/zoeken/?q=wijkentree",
    "/zoeken/?q=wijkentree&open=nu",
    "/zoeken/?open=nu",
    "/locaties/a-wijkentree-berflo/",
    "/vragen/",
    "/vragen/?onderwerp=basisondersteuning",
    "/themas/geldzaken/?pagina-organisaties=2&pagina-aanbod=x",
    "/vragen/a-hulp-bij-schulden/",
    "/en/locations/",
    "/en/organisations/a-schuldhulp/",
]


def count_queries(client, url):
    client.get(url)  # warm the index-page cache, as on a running site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    data = front_data.build(batches=1)
    small = {url: count_queries(client, url) for url in URLS}
    for number in range(1, 10):
        front_data.add_batch(data, prefix=f"b{number}")
    for url in URLS:
        # Once after a change, the in-memory catalogue is rebuilt; then the count is steady.
        client.get(url)
        with django_assert_max_num_queries(small[url]):
            response = client.get(url)
        assert response.status_code == 200
