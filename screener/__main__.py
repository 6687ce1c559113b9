from screener.cli.main import app

app(prog_name="screener")
