"""The playground's stand-in for requests: there is no network here, only the offline Pokemon API.

It stands in for a synchronous HTTP client over a real network: `requests.get(url)` answers
https://pokeapi.co/api/v2/pokemon/{id} from the national list built into the page after a
simulated round trip (100 ms, give or take 50, the Pokemon lesson's default), for which it
holds the thread with time.sleep, as a real synchronous request would. In the page that is
a real busy-wait: on the main thread the page freezes meanwhile; in asyncio.to_thread it
holds only the thread it runs on. It has what the lesson's program uses: `requests.get(url)`
and the answer's `.json()`, `.text`, `.status_code` and `.ok`. Any other address raises
ConnectionError. See _offline_pokeapi.py for the answers.
"""

import time

import _offline_pokeapi


class RequestException(OSError):
    """Any failure of a request."""


class ConnectionError(RequestException):
    """The request found no server: here, any address but the offline Pokemon API's."""


class Response:
    """An answer: its status and body."""

    def __init__(self, url, status_code, text):
        self.url = url
        self.status_code = status_code
        self.ok = status_code < 400
        self.text = text

    def json(self):
        return _offline_pokeapi.decode(self.url, self.status_code, self.text)


def get(url):
    """Sends a GET request to `url` and waits for its answer, holding the thread."""
    url = str(url)
    try:
        key = _offline_pokeapi.check(url)
    except _offline_pokeapi.NoNetwork as error:
        raise ConnectionError(str(error)) from None
    time.sleep(_offline_pokeapi.round_trip_s())
    return Response(url, *_offline_pokeapi.answer(key))
