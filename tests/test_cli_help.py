"""Every command explains itself: help text with an Examples block (sqlite-utils style)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_documented_commands_exist():
    assert {"check", "generate", "schema", "build", "ingest"} <= set(COMMANDS)


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_commands_have_help_with_examples(name):
    args = [name, "--help"] if name else ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    command = cli.commands[name] if name else cli
    assert command.help and command.help.strip(), f"{name} has no help text"
    assert "Examples:" in result.output, f"{name} --help has no Examples block"
    examples = result.output.split("Examples:", 1)[1]
    example_lines = [line.strip() for line in examples.splitlines() if line.strip().startswith("python -m generator")]
    assert example_lines, f"{name}: the Examples block shows no command"
    if name:
        assert all(line.split()[3] == name for line in example_lines), example_lines


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name):
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert param.help, (name, param.name)
