"""Start-up tuning of web workers (portal/worker.py, portal/wsgi.py)."""

import gc

from portal.worker import prepare_worker


def test_prepare_worker_hides_start_up_objects_from_the_collector():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        prepare_worker()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_the_wsgi_module_builds_the_application_and_prepares_the_worker():
    import importlib

    from portal import wsgi

    gc.unfreeze()
    try:
        importlib.reload(wsgi)  # run the module as a worker start would
        assert callable(wsgi.application)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
