"""Settings and campaign files: good ones load, bad ones say exactly what is wrong."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.campaign import load_campaign
from bot.config import Config
from bot.errors import CampaignError, ConfigError
from tests.conftest import DEMO

CHONBURI = DEMO.with_name("chonburi-2564.toml")


def test_no_line_credentials_means_local_mode_with_embedded_defaults(tmp_path):
    config = Config.from_env({}, instance_path=tmp_path)
    assert config.local_mode
    assert config.sqlalchemy_url == f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    assert config.redis_url is None and config.campaign_file == DEMO


@pytest.mark.parametrize("environ, setting", [
    ({"LINE_CHANNEL_SECRET": "s"}, "LINE_CHANNEL_ACCESS_TOKEN"),
    ({"LINE_CHANNEL_ACCESS_TOKEN": "t"}, "LINE_CHANNEL_SECRET"),
    ({"LINE_API_BASE_URL": "api.line.me"}, "LINE_API_BASE_URL"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
    ({"QUEUE_NAME": "bot queue"}, "QUEUE_NAME"),
    ({"PORT": "eighty"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"CAMPAIGN_FILE": "/nowhere/campaign.toml"}, "CAMPAIGN_FILE"),
    ({"ADMIN_LINE_USER_IDS": "somebody"}, "ADMIN_LINE_USER_IDS"),
    ({"EMBEDDED_WORKER": "yes"}, "EMBEDDED_WORKER"),
    ({"GOOGLE_SHEET_ID": "1AbC"}, "GOOGLE_SERVICE_ACCOUNT_JSON"),
    ({"GOOGLE_SERVICE_ACCOUNT_JSON": "{}"}, "GOOGLE_SHEET_ID"),
    ({"GOOGLE_SHEET_ID": "https://docs.google.com/spreadsheets/d/1AbC/edit", "GOOGLE_SERVICE_ACCOUNT_JSON": "{}"},
     "GOOGLE_SHEET_ID"),
    ({"GOOGLE_SHEET_ID": "1AbC", "GOOGLE_APPLICATION_CREDENTIALS": "/nowhere/key.json"},
     "GOOGLE_APPLICATION_CREDENTIALS"),
])
def test_a_malformed_setting_is_named(tmp_path, environ, setting):
    with pytest.raises(ConfigError) as caught:
        Config.from_env(environ, instance_path=tmp_path)
    assert caught.value.setting == setting and setting in str(caught.value)


def test_a_real_channel_and_services(tmp_path):
    config = Config.from_env({
        "LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "LINE_API_BASE_URL": "https://api.line.me/",
        "DATABASE_URL": "postgres://u@db/bot", "REDIS_URL": "redis://cache:6379/0", "PORT": "8080",
        "ADMIN_LINE_USER_IDS": "U" + "a" * 32, "QUEUE_NAME": "chonburi",
    }, instance_path=tmp_path)
    assert not config.local_mode
    assert config.line_api_base_url == "https://api.line.me"
    assert config.sqlalchemy_url == "postgresql+psycopg://u@db/bot"
    assert config.port == 8080 and config.admin_user_ids == {"U" + "a" * 32}
    assert config.redis_url == "redis://cache:6379/0" and config.queue_name == "chonburi"


def test_the_seed_campaign_is_shipped_as_the_letter_describes_it():
    campaign = load_campaign(CHONBURI)
    assert [d.name for d in campaign.districts] == [
        "เมืองชลบุรี", "บ้านบึง", "หนองใหญ่", "บางละมุง", "พานทอง", "พนัสนิคม", "ศรีราชา", "เกาะสีชัง", "สัตหีบ",
        "บ่อทอง", "เกาะจันทร์"]
    assert len(campaign.nomination.categories) == 4
    assert campaign.nomination.deadline == dt.date(2021, 7, 20)  # 20 ก.ค. 2564
    assert [c.points for c in campaign.contest.criteria] == [20, 25, 10, 30, 15]
    assert len(campaign.contest.awards) == 3
    assert campaign.nomination_reference(campaign.district("nong-yai")) == "CBI-2564-IT-03"


def test_the_demo_campaign_is_this_fiscal_year_with_the_same_rules():
    demo, seed = load_campaign(DEMO), load_campaign(CHONBURI)
    assert demo.fiscal_year == 2570 and demo.nomination.deadline == dt.date(2027, 7, 20)
    assert demo.districts == seed.districts and demo.nomination.categories == seed.nomination.categories
    assert demo.contest.criteria == seed.contest.criteria


@pytest.mark.parametrize("change, where", [
    (('name = "พช.ชล พัฒนาคน พัฒนางาน ผ่านไอที"', ""), "name: Field required"),
    (("points = 30", "points = 35"), "add up to 105"),
    (('id = "ban-bueng"', 'id = "mueang-chonburi"'), "district ids repeat"),
    (('label = "สื่อประชาสัมพันธ์"', 'label = "สื่อประชาสัมพันธ์ทุกรูปแบบของอำเภอ"'), "nomination.categories.1.label"),
    (('timezone = "Asia/Bangkok"', 'timezone = "Mars/Olympus"'), "unknown time zone"),
    (("deadline = 2570-07-20", "deadline = 2569-07-20"), "deadline is before opens"),
    (("max_works = 5", "max_works = five"), "not valid TOML"),
])
def test_a_broken_campaign_file_says_where(tmp_path, change, where):
    text = DEMO.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(CampaignError) as caught:
        load_campaign(broken)
    assert where in str(caught.value) and str(broken) in str(caught.value)


def test_gregorian_dates_work_too(tmp_path):
    text = DEMO.read_text(encoding="utf-8").replace("deadline = 2570-07-20", "deadline = 2027-07-20")
    path = tmp_path / "gregorian.toml"
    path.write_text(text, encoding="utf-8")
    assert load_campaign(path).nomination.deadline == dt.date(2027, 7, 20)


def test_a_missing_campaign_file(tmp_path):
    with pytest.raises(CampaignError, match="cannot read"):
        load_campaign(Path(tmp_path / "none.toml"))
