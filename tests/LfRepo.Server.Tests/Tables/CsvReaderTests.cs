using LfRepo.Server.Tables;

namespace LfRepo.Server.Tests.Tables;

[Trait("Engine", "Both")]
public sealed class CsvReaderTests
{
    [Fact]
    public void Records_quotes_line_breaks_and_blank_lines_are_read_with_their_first_line()
    {
        using var csv = new CsvReader(new StringReader("a,b,c\r\n\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"two\nlines\",2,3\n"));

        csv.ReadRecord().Should().Equal("a", "b", "c");
        csv.RecordLine.Should().Be(1);
        csv.ReadRecord().Should().Equal("x, y", "say \"hi\"", "");
        csv.RecordLine.Should().Be(3, "the blank line 2 is skipped");
        csv.ReadRecord().Should().Equal("two\nlines", "2", "3");
        csv.RecordLine.Should().Be(4);
        csv.ReadRecord().Should().BeNull();
    }

    [Theory]
    [InlineData("a,b\n1,x\"y\n", "Line 2, field 2: a quote inside an unquoted field")]
    [InlineData("a,b\n\"1\"x,2\n", "Line 2, field 1: unexpected character 'x' after a closing quote")]
    [InlineData("a,b\n1,2\n3,\"open\n", "Line 3, field 2: a quoted field is not closed")]
    public void Malformed_fields_name_their_line_and_field(string text, string message)
    {
        using var csv = new CsvReader(new StringReader(text));

        var act = () =>
        {
            while (csv.ReadRecord() is not null)
            {
            }
        };

        act.Should().Throw<FormatException>().WithMessage(message + "*");
    }
}
