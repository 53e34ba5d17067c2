"""Entry point for `huey_consumer bot.worker.huey` (the Procfile's worker): like wsgi.py, it reads the environment."""
from bot.config import Config
from bot.jobs import Jobs
from bot.services import Services

jobs = Jobs(Services.build(Config.from_env()))
huey = jobs.huey
