"""The offline Pokemon API that the playground's aiohttp and requests stand-ins answer from.

There is no network in the playground. The stand-ins answer
https://pokeapi.co/api/v2/pokemon/{id} (an id from 1 to 1025, or a name) from the national
list the Pokemon lesson uses, pokemon-names.txt, which the site and the repository both keep
two folders above this file. An answer comes after a round trip drawn as the lesson's
offline API draws it by default: 100 ms, give or take 50. It holds the Pokemon's id and
name, the name written as the list writes it ("Pikachu"; PokeAPI writes "pikachu"), and
nothing else. Any other address fails at once, saying so.
"""

import json
import pathlib
import random
import re

# The round trip of an answer, in seconds: the Pokemon lesson's default, 100 ms give or take 50.
ROUND_TRIP_S = 0.1
SPREAD_S = 0.05
# How many Pokemon the national list has.
N_POKEMON = 1025
NAMES_PATH = pathlib.Path(__file__).resolve().parents[2] / "pokemon-names.txt"
ADDRESS = "https://pokeapi.co/api/v2/pokemon/{id}"

_POKEMON_URL = re.compile(r"https?://pokeapi\.co/api/v2/pokemon/([^/?#]+)/?(?:[?#].*)?")
# Its own generator, so the round trips leave the program's random numbers alone.
_rng = random.Random()
_names = None


class NoNetwork(Exception):
    """An address that only the network could answer."""


def check(url):
    """The Pokemon `url` asks for; raises NoNetwork for any other address."""
    match = _POKEMON_URL.fullmatch(str(url))
    if match is None:
        raise NoNetwork(
            f"cannot reach {url}: the playground has no network. Only the offline Pokemon API "
            f"answers here: {ADDRESS}, ids 1 to {N_POKEMON}, from the list built into the page."
        )
    return match.group(1)


def round_trip_s():
    """One round trip, in seconds."""
    return max(0.0, ROUND_TRIP_S + _rng.uniform(-SPREAD_S, SPREAD_S))


def answer(key):
    """PokeAPI's status and body for the Pokemon `key` (an id or a name)."""
    names = _national_list()
    if key.isdigit() and 1 <= int(key) <= len(names):
        pokemon_id = int(key)
    else:
        lowered = [name.lower() for name in names]
        if key.lower() not in lowered:
            return 404, "Not Found"
        pokemon_id = lowered.index(key.lower()) + 1
    return 200, json.dumps({"id": pokemon_id, "name": names[pokemon_id - 1]})


def decode(url, status, text):
    """The JSON of an answer; an answer that is not a Pokemon says why."""
    if status != 200:
        raise ValueError(f"{url} answered {status} {text}: there is no such Pokemon (ids go from 1 to {N_POKEMON})")
    return json.loads(text)


def _national_list():
    global _names
    if _names is None:
        lines = NAMES_PATH.read_text(encoding="utf-8").splitlines()
        _names = [line for line in lines if line and not line.startswith("#")]
    return _names
