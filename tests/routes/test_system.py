def test_readiness_counts_the_figures(client, database) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    expected = database.execute("SELECT count(*) FROM figure").fetchone()[0]
    assert response.json()["figures"] == expected and response.json()["status"] == "ok"
    assert expected > 0


def test_assets_are_served_under_content_hashed_urls(client, app) -> None:
    htmx = app.state.assets["htmx.min.js"]
    response = client.get(htmx.url)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "htmx" in response.text[:2000]
    assert client.get(f"/assets/000000000000/{htmx.name}").status_code == 404
    assert client.get("/assets/abc/nothing.js").status_code == 404
