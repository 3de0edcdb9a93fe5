"""Sending SMS behind one small interface, so a syndic plugs the gateway he has. The one shipped
posts JSON to an HTTP gateway named in site_config (`syndic_sms_gateway_url`, optional
`syndic_sms_gateway_token` sent as a Bearer token, `syndic_sms_sender`): {"to", "text",
"sender"}; a 2xx answer means sent. No gateway configured: nothing is sent, nothing fails."""

from typing import Protocol

import frappe
import requests

TIMEOUT_S = 10


class SmsGateway(Protocol):
	def send(self, to: str, text: str) -> bool: ...


class HttpSmsGateway:
	def __init__(self, url: str, token: str | None = None, sender: str | None = None):
		self.url, self.token, self.sender = url, token, sender

	def send(self, to: str, text: str) -> bool:
		headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
		try:
			r = requests.post(
				self.url,
				json={"to": to, "text": text, "sender": self.sender},
				headers=headers,
				timeout=TIMEOUT_S,
			)
		except requests.RequestException:
			frappe.log_error(title="SMS gateway unreachable")
			return False
		return 200 <= r.status_code < 300


def gateway() -> SmsGateway | None:
	url = frappe.conf.get("syndic_sms_gateway_url")
	if not url:
		return None
	return HttpSmsGateway(
		url, frappe.conf.get("syndic_sms_gateway_token"), frappe.conf.get("syndic_sms_sender")
	)
