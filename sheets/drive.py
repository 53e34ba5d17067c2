"""Evidence photos into a Google Drive folder, with the same service account as the sheet."""
from __future__ import annotations

import json
import logging
import mimetypes
import uuid

import requests
from google.auth.exceptions import RefreshError, TransportError

from sheets.errors import SheetError, TransientSheetError
from sheets.google import TRANSIENT_STATUSES, GoogleSession

logger = logging.getLogger(__name__)
UPLOAD_URL = "https://www.googleapis.com/upload/drive/v3/files"


class DriveFolder:
    """Uploads files into one folder. Service accounts own no Drive storage: use a folder in a shared drive."""

    def __init__(self, session: GoogleSession, folder_id: str):
        self.session, self.folder_id = session, folder_id

    def upload(self, name: str, content: bytes) -> str:
        """Upload one file; returns the link staff open from the sheet."""
        mime = mimetypes.guess_type(name)[0] or "image/jpeg"
        boundary = uuid.uuid4().hex
        metadata = json.dumps({"name": name, "parents": [self.folder_id]})
        body = (f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{metadata}\r\n"
                f"--{boundary}\r\nContent-Type: {mime}\r\n\r\n").encode() + content + \
            f"\r\n--{boundary}--\r\n".encode()
        try:
            response = self.session.post(
                UPLOAD_URL, data=body, headers={"Content-Type": f"multipart/related; boundary={boundary}"},
                params={"uploadType": "multipart", "supportsAllDrives": "true", "fields": "id,webViewLink"})
        except RefreshError:
            raise SheetError("Google refused the service-account key while uploading a photo") from None
        except (requests.RequestException, TransportError) as exc:
            raise TransientSheetError(f"Drive unreachable ({type(exc).__name__})") from None
        if response.status_code in TRANSIENT_STATUSES:
            raise TransientSheetError(f"Drive answered {response.status_code}")
        if response.status_code == 404:
            raise SheetError(f"GOOGLE_DRIVE_FOLDER_ID {self.folder_id}: no such folder, or it is not shared with "
                             "the service account")
        if response.status_code == 403:
            raise SheetError("Drive refused the upload: put the folder in a shared drive and add the service "
                             "account to it as Content manager (service accounts have no storage of their own)")
        if not response.ok:
            raise SheetError(f"Drive refused the upload ({response.status_code})")
        answer = response.json()
        return answer.get("webViewLink") or f"https://drive.google.com/file/d/{answer['id']}/view"
