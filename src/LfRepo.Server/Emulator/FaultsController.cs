using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Emulator;

/// <summary>Fault injection: rules that delay or fail matching API requests.</summary>
[ApiController]
[Route("_emulator/faults")]
[AdministratorsOnly(ControlPlane = true)]
[Produces("application/json")]
public sealed class FaultsController(FaultRules faults) : ControllerBase
{
    [HttpPost("")]
    [ProducesResponseType<FaultRule>(StatusCodes.Status201Created)]
    public IActionResult AddFault([FromBody] FaultRuleRequest request) => StatusCode(StatusCodes.Status201Created, faults.Add(request));

    [HttpGet("")]
    public ValueList<FaultRule> ListFaults() => new(faults.List());

    [HttpDelete("{id}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public IActionResult DeleteFault(string id)
    {
        faults.Remove(id);
        return NoContent();
    }

    [HttpDelete("")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public IActionResult ClearFaults()
    {
        faults.Clear();
        return NoContent();
    }
}
