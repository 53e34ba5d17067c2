"""The web edge: `create_app` builds the Flask app; nothing happens at import time."""
from __future__ import annotations

import atexit
import datetime as dt
import gc
import logging
from typing import Callable

from flask import Flask

from bot.config import Config


def create_app(test_config: Config | None = None, *, clock: Callable[[], dt.datetime] | None = None,
               huey=None) -> Flask:
    """Build the app from `test_config`, or from the environment when none is given."""
    from bot import cli, webhook
    from bot.jobs import Jobs, start_embedded_consumer
    from bot.services import Services

    config = test_config or Config.from_env()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Flask(__name__, instance_path=str(config.instance_path.resolve()), static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = webhook.MAX_BODY_BYTES
    services = Services.build(config, clock=clock)
    jobs = Jobs(services, huey)
    app.extensions["services"] = services
    app.extensions["jobs"] = jobs
    app.register_blueprint(webhook.blueprint)
    cli.init_app(app)

    if config.local_mode and not config.line_api_base_url:
        from werkzeug.middleware.dispatcher import DispatcherMiddleware

        from bot.standin import LineStandIn

        from bot import simulator

        # Local mode only: LINE's stand-in and the simulator page. With real credentials neither exists.
        standin = LineStandIn(config.access_token)
        app.extensions["line_standin"] = standin
        app.extensions["simulator"] = simulator.Simulator(services, standin)
        app.register_blueprint(simulator.blueprint)
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/line-api": standin.app})

    if config.embedded_worker:
        consumer = start_embedded_consumer(jobs.huey)
        app.extensions["consumer"] = consumer
        atexit.register(consumer.stop)
    # Everything built so far lives as long as the process: keep it out of the collector's full passes,
    # which otherwise stall a webhook answer now and then by a hundred milliseconds.
    gc.freeze()
    logging.getLogger(__name__).info(
        "bot ready: %s mode, campaign %s", "local" if config.local_mode else "LINE", services.campaign.id
    )
    return app
