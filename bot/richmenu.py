"""The bot's rich menu: four buttons under the chat, drawn with Thai labels and installed through the SDK."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from linebot.v3.messaging import RichMenuRequest

from bot.errors import BotError
from handlers import texts as T
from handlers.messages import postback_data

WIDTH, HEIGHT = 2500, 843
# Debian's fonts-thai-tlwg (installed by `make run` / `make test`); the first one found is used.
THAI_FONTS = (
    "/usr/share/fonts/truetype/tlwg/Garuda-Bold.ttf",
    "/usr/share/fonts/truetype/tlwg/Loma-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansThai-Bold.ttf",
)
COLOURS = ("#06C755", "#1E88E5", "#F4A62A", "#7E57C2")


@dataclass(frozen=True)
class Button:
    label: str
    action: str


BUTTONS = (
    Button(T.MENU_NOMINATE, "nominate"),
    Button(T.MENU_WEBSITE, "website"),
    Button(T.MENU_STATUS, "status"),
    Button(T.MENU_HELP, "help"),
)


def areas() -> list[dict]:
    """Where each button is (2 x 2 grid) and the postback it sends; the simulator uses the same."""
    half_w, half_h = WIDTH // 2, HEIGHT // 2
    out = []
    for index, button in enumerate(BUTTONS):
        x, y = (index % 2) * half_w, (index // 2) * half_h
        out.append({
            "bounds": {"x": x, "y": y, "width": half_w, "height": half_h},
            "action": {"type": "postback", "data": postback_data(a=button.action), "label": button.label,
                       "displayText": button.label},
        })
    return out


def definition() -> dict:
    return {"size": {"width": WIDTH, "height": HEIGHT}, "selected": True, "name": "cd-it-bot main menu",
            "chatBarText": T.MENU_BAR, "areas": areas()}


def thai_font(size: int):
    from PIL import ImageFont

    for path in THAI_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)
    raise BotError("no Thai font found: install Debian's fonts-thai-tlwg (make run / make test do it when root)")


def draw() -> bytes:
    """The menu image as PNG (under LINE's 1 MB limit)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "#FFFFFF")
    pen = ImageDraw.Draw(image)
    label_font = thai_font(130)
    for area, button, colour in zip(areas(), BUTTONS, COLOURS):
        b = area["bounds"]
        pen.rounded_rectangle((b["x"] + 18, b["y"] + 18, b["x"] + b["width"] - 18, b["y"] + b["height"] - 18),
                              radius=48, fill=colour)
        centre_x, centre_y = b["x"] + b["width"] // 2, b["y"] + b["height"] // 2
        pen.text((centre_x, centre_y), button.label, font=label_font, fill="#FFFFFF", anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def install(line) -> str:
    """Create the menu, upload its image, make it everyone's default; returns the new menu's id."""
    from linebot.v3.messaging import MessagingApi, MessagingApiBlob

    api, blob = MessagingApi(line.api_client), MessagingApiBlob(line.api_client)
    menu_id = api.create_rich_menu(RichMenuRequest.from_dict(definition())).rich_menu_id
    blob.set_rich_menu_image(menu_id, draw(), _headers={"Content-Type": "image/png"})
    api.set_default_rich_menu(menu_id)
    for old in api.get_rich_menu_list().richmenus:
        if old.rich_menu_id != menu_id and old.name == definition()["name"]:
            api.delete_rich_menu(old.rich_menu_id)
    return menu_id
