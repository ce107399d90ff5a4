"""What lets `make test` spread the tests over two processes or more (pytest-xdist, -n).

Each process has its own test database, cache (local memory) and browser; what they could
still share is below.
"""

import pytest


@pytest.fixture(autouse=True)
def _own_content_token_file(settings, tmp_path):
    """With the local-memory cache, the website's content token (pages.cache) is a file,
    var/content-token, that every process watches: a page published by a test in another
    process would empty this test's page cache. Each test gets its own file."""
    settings.WEBSITE_CONTENT_TOKEN_FILE = tmp_path / "content-token"


def _shares_a_module_fixture(item):
    info = item._fixtureinfo
    return any(
        definitions[-1].scope == "module"
        for definitions in (info.name2fixturedefs.get(name) for name in info.names_closure)
        if definitions
    )


def pytest_collection_modifyitems(config, items):
    """With `--dist loadgroup`, tests are handed out one by one, except:
    - browser tests, which run one after the other in a single process, as without xdist: one
      Chromium and one live server at a time, while the other processes take the rest;
    - the tests of a module that share a module-scoped fixture (data seeded once, a PDF
      rendered once), kept together so that it is made once and not once per process."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("e2e"):
            group = "browser"
        elif _shares_a_module_fixture(item):
            group = item.nodeid.split("::")[0]
        else:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
