"""The playground's stand-in for aiohttp: there is no network here, only the offline Pokemon API.

It stands in for a real HTTP client over a real network: `session.get(url)` answers
https://pokeapi.co/api/v2/pokemon/{id} from the national list built into the page after a
simulated round trip (100 ms, give or take 50, the Pokemon lesson's default), which it
awaits with asyncio.sleep, so other tasks run meanwhile, as they would while a real request
travels. It has what the lesson's program uses: `async with ClientSession() as session`,
`async with session.get(url) as response` (or `await session.get(url)`),
`await response.json()`, `await response.text()` and `response.status`. Any other address
raises ClientConnectionError. See _offline_pokeapi.py for the answers.
"""

import asyncio

import _offline_pokeapi


class ClientError(Exception):
    """Any failure of a request."""


class ClientConnectionError(ClientError):
    """The request found no server: here, any address but the offline Pokemon API's."""


class ClientResponse:
    """An answer: its status and body."""

    def __init__(self, url, status, text):
        self.url = url
        self.status = status
        self._text = text

    async def json(self):
        return _offline_pokeapi.decode(self.url, self.status, self._text)

    async def text(self):
        return self._text

    def release(self):
        pass

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        self.release()


class _Request:
    """`session.get(url)`: awaited, or entered with `async with`, it sends the request."""

    def __init__(self, session, url):
        self._session = session
        self._url = url

    def __await__(self):
        return self._send().__await__()

    async def __aenter__(self):
        return await self._send()

    async def __aexit__(self, *exc_info):
        pass

    async def _send(self):
        if self._session.closed:
            raise RuntimeError("Session is closed")
        try:
            key = _offline_pokeapi.check(self._url)
        except _offline_pokeapi.NoNetwork as error:
            raise ClientConnectionError(str(error)) from None
        await asyncio.sleep(_offline_pokeapi.round_trip_s())
        return ClientResponse(self._url, *_offline_pokeapi.answer(key))


class ClientSession:
    """A session: `async with ClientSession() as session`, then `session.get(url)`."""

    def __init__(self):
        self.closed = False

    def get(self, url):
        return _Request(self, str(url))

    async def close(self):
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await self.close()
