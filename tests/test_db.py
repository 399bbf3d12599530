import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, text

from app.build import seed_statements


def test_statements_may_span_lines_and_comments_are_skipped() -> None:
    sql = "-- a comment\nINSERT INTO t (a) VALUES ('x;\ny');\n\nINSERT INTO t (a) VALUES ('z');\n"
    assert list(seed_statements(sql)) == ["INSERT INTO t (a) VALUES ('x;\ny');", "INSERT INTO t (a) VALUES ('z');"]


def test_an_unfinished_statement_is_an_error() -> None:
    with pytest.raises(ValueError, match="ends inside a statement"):
        list(seed_statements("INSERT INTO t (a) VALUES ('x')"))


def test_the_apps_session_cannot_write(app) -> None:
    with Session(app.state.engine) as session, pytest.raises(DBAPIError):
        session.exec(text("DELETE FROM figure"))
        session.commit()
