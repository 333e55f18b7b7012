using LfRepo.Server.Problems;
using LfRepo.Server.Search;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class SearchParserTests
{
    [Theory]
    [InlineData("{LF:Basic~=\"Windham Ave\", option=\"DFANLT\"} & {LF:LOOKIN=\"\\Meeting Minutes\"}")]
    [InlineData("{LF:Basic~=\"Windham Ave\",option=\"DFANLT\"}&({LF:LOOKIN=\"\\Meeting Minutes\"})")]
    [InlineData("{LF:Name=\"Travel Request\", Type=FD}")]
    [InlineData("{LF:Name=\"*Report*\", Type=D}")]
    [InlineData("{LF:Name=\"*\", Type=F} & {LF:Lookin=\"\\HR\", Subfolders=N}")]
    [InlineData("{LF:Lookin=\"\\General\\Accounting\"} & Transportation")]
    [InlineData("Report - {LF:Lookin=\"\\General\\Accounting\"}")]
    [InlineData("{LF:Lookin=\"\\General\\Accounting\"} | {LF:Lookin=\"\\General\\Sales\"}")]
    [InlineData("{[General]:[Document]=\"Maui*\"}")]
    [InlineData("{[]:[Billing ID]>=\"6500\", <=\"7000\"}")]
    [InlineData("{[Cut]:[Carat]>=12}")]
    [InlineData("{[General]:[Date]>\"5/27/2004\"}")]
    [InlineData("{[]:[Status]=\"\"}")]
    [InlineData("{[General]:[Author](3)=\"John Smith\"}")]
    [InlineData("{[General]:[Date](all)>\"1/1/2011\"}")]
    [InlineData("{[]:[Status]~=\"'needs review'\"}")]
    [InlineData("{[General]:[Date]<>\"5/27/2005\"} | {[General]:[Date]=\"\"}")]
    [InlineData("{LF:Created>=\"3/16/2008\", Created<=\"3/22/2008\"} | {LF:Modified>=\"2008-03-16\", Modified<=\"2008-03-22\"}")]
    [InlineData("{LF:Tags=\"Top Secret\"} - {LF:Tags=\"Requires Review\"}")]
    [InlineData("{LF:Ext=\"pdf\"} & {LF:PageCount>50}")]
    [InlineData("{LF:ID=3}")]
    [InlineData("{LF:Creator=\"JSmith\"} | {LF:Creator=\"DOMAIN\\JDoe\"}")]
    [InlineData("pruning & maple | cherry")]
    [InlineData("(maple | cherry) ^15 pruning")]
    [InlineData("{[]:[Purchase Order ID]=\"789\"}")]
    [InlineData("({LF:Basic ~= \"search text\", option=\"DFANLT\"})")]
    [InlineData("{LF:Basic ~= \"*\", option=\"DFANLT\"}")]
    [InlineData("{LF:pagecount > 50} /*+ right_first */ & {LF:edocsize < 204800}")]
    [InlineData("{[Invoice]}")]
    [InlineData("{[]}")]
    [InlineData("{Invoice:Amount>5}")]
    public void Parses_the_reference_examples(string command)
    {
        var parse = () => SearchParser.Parse(command);
        parse.Should().NotThrow();
    }

    [Fact]
    public void Not_binds_tighter_than_and_and_and_tighter_than_or()
    {
        var node = SearchParser.Parse("a | b & c - d");
        var or = node.Should().BeOfType<OrNode>().Subject;
        or.Left.Should().BeOfType<TextNode>().Which.Text.Should().Be("a");
        var and = or.Right.Should().BeOfType<AndNode>().Subject;
        and.Left.Should().BeOfType<TextNode>().Which.Text.Should().Be("b");
        and.Right.Should().BeOfType<AndNotNode>();
    }

    [Fact]
    public void Clauses_in_one_brace_are_anded_and_qualifiers_attach_to_their_attribute()
    {
        var node = SearchParser.Parse("{LF:Created>=\"3/16/2008\", <=\"3/22/2008\"}");
        var and = node.Should().BeOfType<AndNode>().Subject;
        and.Left.Should().BeOfType<AttributeNode>().Which.Op.Should().Be(SearchOp.GreaterOrEqual);
        var right = and.Right.Should().BeOfType<AttributeNode>().Subject;
        right.Attribute.Should().Be("CREATED");
        right.Op.Should().Be(SearchOp.LessOrEqual);

        var lookin = SearchParser.Parse("{LF:Lookin=\"\\HR\", Subfolders=N}").Should().BeOfType<AttributeNode>().Subject;
        lookin.Value.Text.Should().Be("\\HR");
        lookin.Qualifiers["SUBFOLDERS"].Text.Should().Be("N");
    }

    [Fact]
    public void Field_terms_carry_template_field_and_value_position()
    {
        var node = SearchParser.Parse("{[General]:[Author](3)=\"John Smith\"}").Should().BeOfType<FieldNode>().Subject;
        node.Template.Should().Be("General");
        node.Field.Should().Be("Author");
        node.Which.Should().Be(ValuePosition.One);
        node.Index.Should().Be(3);
        node.Value.Text.Should().Be("John Smith");
        var any = SearchParser.Parse("{[]:[F](all)<>\"x\"}").Should().BeOfType<FieldNode>().Subject;
        any.Template.Should().BeNull();
        any.Which.Should().Be(ValuePosition.All);
        any.Op.Should().Be(SearchOp.NotEqual);
    }

    [Fact]
    public void Doubled_quotes_stand_for_one_quote()
    {
        var node = SearchParser.Parse("{LF:Name=\"say \"\"hi\"\"\"}").Should().BeOfType<AttributeNode>().Subject;
        node.Value.Text.Should().Be("say \"hi\"");
    }

    [Theory]
    [InlineData("{LF:Name=\"abc\"", 7870, 1)]
    [InlineData("(A & B", 7868, 7)]
    [InlineData("{LF:Name=\"abc}", 7855, 10)]
    [InlineData("LF:Name=\"x\"}", 7857, 3)]
    [InlineData("a }", 7871, 3)]
    [InlineData("a )", 7865, 3)]
    [InlineData("& a", 7862, 1)]
    [InlineData("| a", 7863, 1)]
    [InlineData("- a", 7864, 1)]
    [InlineData("a &", 7861, 4)]
    [InlineData("", 7861, null)]
    [InlineData("{LF:Name \"x\"}", 7866, 10)]
    [InlineData("{LF:Foo=\"x\"}", 9245, 5)]
    [InlineData("{LF:GeoText=\"x\"}", 9245, 5)]
    [InlineData("{LFVER:Comment~=\"x\"}", 9245, null)]
    [InlineData("{LF:Type=F}", 9245, 5)]
    [InlineData("{LF:Name=\"x\", Subfolders=N}", 9245, 15)]
    [InlineData("#tag", 7857, 1)]
    [InlineData("{[General]:[Author](0)=\"x\"}", 7851, 20)]
    public void Bad_syntax_names_the_error_code_and_position(string command, int code, int? position)
    {
        var parse = () => SearchParser.Parse(command);
        var error = parse.Should().Throw<ApiProblemException>().Which;
        error.Kind.ErrorCode.Should().Be(code);
        error.Kind.Status.Should().Be(400);
        if (position is { } at)
        {
            error.Detail.Should().Contain($"at character {at})");
        }
    }

    [Fact]
    public void Unsupported_attributes_are_named()
    {
        var parse = () => SearchParser.Parse("{LF:Relation=\"Attachment\"}");
        parse.Should().Throw<ApiProblemException>().Which.Detail.Should().Contain("LF:RELATION").And.Contain("not supported");
    }
}
