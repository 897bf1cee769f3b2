namespace Quarry.Storage.Tests;

public sealed class SqlScriptTests
{
    [Fact]
    public void Split_cuts_at_statement_ends_only()
    {
        const string script = """
            CREATE TABLE a (x TEXT DEFAULT ';'); -- a comment; still a comment
            /* block; comment */ INSERT INTO a VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;
            SELECT "odd;name" FROM a WHERE x = $1;;
            """;
        var statements = SqlScript.Split(script);
        Assert.Equal(4, statements.Count);
        Assert.Equal("CREATE TABLE a (x TEXT DEFAULT ';')", statements[0]);
        Assert.EndsWith("INSERT INTO a VALUES ('it''s; fine')", statements[1], StringComparison.Ordinal);
        Assert.Equal("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql", statements[2]);
        Assert.Equal("SELECT \"odd;name\" FROM a WHERE x = $1", statements[3]);
    }
}
