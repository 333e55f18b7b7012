using System.Text.Json;

namespace LfRepo.Server.Tasks;

/// <summary>Writes TaskProgress and CancelTaskResult as the spec shapes them.</summary>
public static class TaskJson
{
    public static void WriteProgress(Utf8JsonWriter w, TaskRecord t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        WriteTaskType(w, t);
        w.WriteNumber("percentComplete", t.PercentComplete);
        w.WriteString("status", t.Status.ToString());
        w.WritePropertyName("errors");
        if (t.ErrorsJson is null)
        {
            w.WriteStartArray();
            w.WriteEndArray();
        }
        else
        {
            w.WriteRawValue(t.ErrorsJson, skipInputValidation: true);
        }
        if (t.Status == OperationStatus.Completed)
        {
            w.WriteStartObject("result");
            w.WriteNumber("entryId", t.ResultEntryId);
            if (t.ResultUri is null)
            {
                w.WriteNull("uri");
            }
            else
            {
                w.WriteString("uri", t.ResultUri);
            }
            w.WriteEndObject();
        }
        w.WriteString("startTime", new DateTime(t.StartTicks, DateTimeKind.Utc));
        w.WriteString("lastUpdateTime", new DateTime(t.LastUpdateTicks, DateTimeKind.Utc));
        w.WriteEndObject();
    }

    public static void WriteCancelResult(Utf8JsonWriter w, TaskRecord t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        WriteTaskType(w, t);
        w.WriteBoolean("result", true);
        w.WriteEndObject();
    }

    private static void WriteTaskType(Utf8JsonWriter w, TaskRecord t)
    {
        if (t.TaskType != OperationType.Test)
        {
            w.WriteString("taskType", t.TaskType.ToString());
        }
    }
}
