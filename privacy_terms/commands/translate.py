"""`python build.py translate [FILE ...]`: print what a data file's translation still needs.

For each data file, the prose fields with no Traditional Chinese translation, or whose English
changed after it was translated, as YAML entries to paste into its translation file: the English
as a comment, an empty `text` to fill in and the fingerprint of the English. An English text
already translated elsewhere in the same file is offered as that translation, to review. A
translation file that does not exist yet is created with its header (never overwritten, never
through a link); when it cannot be, the header is printed to start it with.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

from privacy_terms.commands.arguments import add_today_option
from privacy_terms.commands.check import checked_dataset
from privacy_terms.commands.common import SubParsers
from privacy_terms.data.model import Jurisdiction, Platform
from privacy_terms.utils.files import linked_paths
from privacy_terms.website.i18n import CHINESE
from privacy_terms.website.translations import (
    GLOSS,
    GLOSS_KEY,
    FileTranslations,
    data_file,
    file_header,
    fingerprint,
    load_translations,
    owner_texts,
    translation_file,
    untranslated,
)


def register(commands: SubParsers) -> None:
    """Add `translate`."""
    translate = commands.add_parser(
        "translate",
        help="print the translation entries a data file still needs (Traditional Chinese)",
    )
    translate.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="data files, e.g. platforms/telegram.yaml (default: every data file)",
    )
    add_today_option(translate)
    translate.set_defaults(run=_run_translate)


def _run_translate(args: argparse.Namespace) -> int:
    dataset = checked_dataset(args, "translate")
    if dataset is None:
        return 1
    everything: tuple[Platform | Jurisdiction, ...] = (*dataset.platforms, *dataset.jurisdictions)
    owners = {data_file(owner): owner for owner in everything}
    wanted = [name.replace("\\", "/").removeprefix("./") for name in args.files] or list(owners)
    unknown = [name for name in wanted if name not in owners]
    if unknown:
        print(
            f"error: no data file {', '.join(unknown)}: name files as they are in the "
            f"project, e.g. {next(iter(owners))}",
            file=sys.stderr,
        )
        return 2
    for name in wanted:
        translations = load_translations(args.root, name, CHINESE)
        for line in needed_entries(owners[name], translations, _file_state(args.root, name)):
            print(line)
    return 0


def _file_state(root: Path, data_path: str) -> str:
    """Make sure the translation file of `data_path` exists: "exists", "created" (with its
    header), or why it could not be created."""
    path = translation_file(data_path, CHINESE)
    if (root / path).is_file():
        return EXISTS
    if linked_paths(root, [path]):  # never write through a link: it could lead anywhere
        return f"{path} would be written through a symbolic link"
    try:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        with (root / path).open("x", encoding="utf-8", newline="\n") as file:  # never overwrite
            file.write(file_header(data_path, CHINESE))
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}"
    return CREATED


EXISTS, CREATED = "exists", "created"


def needed_entries(
    owner: Platform | Jurisdiction, translations: FileTranslations, state: str = EXISTS
) -> Iterator[str]:
    """Yield the lines of YAML a translator adds to `translations.path` for this data file;
    `state` says whether that file exists, was just created, or why it could not be."""
    fields = list(untranslated(owner, translations))
    missing = sum(1 for *_, changed in fields if not changed)
    yield (
        f"# {data_file(owner)}: {missing} fields without a translation, "
        f"{len(fields) - missing} whose English changed since it was translated."
    )
    if not fields:
        return
    if state == EXISTS:
        yield f"# Add these to {translations.path} (replace an entry that is already there):"
    elif state == CREATED:
        yield f"# Created {translations.path} with its header; add these to it:"
    else:
        yield f"# {state}: create it with these first lines, then add the entries below:"
        yield from file_header(data_file(owner), CHINESE).splitlines()
    known = _translations_by_english(owner, translations)
    for name, english, changed in fields:
        yield ""
        yield f"{json.dumps(name)}:"
        if changed:
            yield f"  # The English changed; it was translated as: {translations.fields[name].text}"
        for line in textwrap.wrap(english, 96) or [""]:
            yield f"  # {line}"
        # A gloss is offered only from another gloss of the same quote, never its translation.
        offered = known.get(GLOSS_KEY + english if name.endswith(GLOSS) else english, "")
        yield f"  text: {json.dumps(offered, ensure_ascii=False)}"
        yield f"  english: {json.dumps(fingerprint(english))}"


def _translations_by_english(
    owner: Platform | Jurisdiction, translations: FileTranslations
) -> dict[str, str]:
    """Current translations of this file, by the English they translate."""
    texts = owner_texts(owner, translations)
    return {english: done.text for english, done in texts.items() if done.current}
