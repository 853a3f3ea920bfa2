using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BitsLite.Protocol.Options;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Reads and writes <see cref="TransferInfo"/> on the wire by hand, because listing 100,000 jobs must take under a
/// second and the source generator reads a type with required and init-only members through a boxed argument array,
/// at twice the cost. Members at their default (an empty list, a reply size of -1, null, and every job setting at its
/// default: see <see cref="DefaultValueOmission"/>) are left out, as protocol.md allows; the reader restores them. Property
/// names, enum names, times and durations are written exactly as the generator writes them; unknown properties are
/// skipped. Registered on <see cref="ProtocolJsonContext"/> only: the CLI's <c>--json</c> output keeps every member.
/// </summary>
internal sealed class TransferInfoJsonConverter : JsonConverter<TransferInfo>
{

    private static readonly WireNames Names = WireNames.Of<Member>();

    // The job's settings go through the generator's metadata, without the settings at their default.
    private static readonly JsonTypeInfo<TransferOptions> OptionsInfo =
        (JsonTypeInfo<TransferOptions>)DefaultValueOmission.For(ProtocolJsonContext.Default).GetTypeInfo(typeof(TransferOptions));

    // The built-in converters the generator uses, so that times and ids keep their exact wire form.
    private static readonly JsonConverter<Guid> GuidConverter = JsonMetadataServices.GuidConverter;
    private static readonly JsonConverter<DateTimeOffset> TimeConverter = JsonMetadataServices.DateTimeOffsetConverter;

    public override TransferInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        const string What = "a transfer";
        JsonReading.Expect(ref reader, JsonTokenType.StartObject, What);
        Guid? id = null;
        string? owner = null, queueReason = null, replyFile = null;
        TransferOptions? settings = null;
        TransferType transferType = default;
        TransferState state = default;
        IReadOnlyList<TransferFileInfo> files = [];
        long bytesTotal = 0, bytesTransferred = 0, replyBytesTotal = -1, replyBytesTransferred = 0;
        int filesTotal = 0, filesTransferred = 0, errorCount = 0;
        DateTimeOffset creationTime = default, modificationTime = default;
        DateTimeOffset? transferCompletionTime = null;
        TransferError? error = null;

        var member = -1;
        while (JsonReading.NextProperty(ref reader, Names, ref member))
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch ((Member)member)
            {
                case Member.Id: id = GuidConverter.Read(ref reader, typeof(Guid), options); break;
                case Member.Options: settings = isNull ? null : JsonSerializer.Deserialize(ref reader, OptionsInfo); break;
                case Member.Owner: owner = JsonReading.String(ref reader); break;
                case Member.TransferType: transferType = WireEnum<TransferType>.Read(ref reader); break;
                case Member.State: state = WireEnum<TransferState>.Read(ref reader); break;
                case Member.Files: files = ReadFiles(ref reader, options); break;
                case Member.BytesTotal: bytesTotal = reader.GetInt64(); break;
                case Member.BytesTransferred: bytesTransferred = reader.GetInt64(); break;
                case Member.FilesTotal: filesTotal = reader.GetInt32(); break;
                case Member.FilesTransferred: filesTransferred = reader.GetInt32(); break;
                case Member.CreationTime: creationTime = TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case Member.ModificationTime: modificationTime = TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case Member.TransferCompletionTime: transferCompletionTime = isNull ? null : TimeConverter.Read(ref reader, typeof(DateTimeOffset), options); break;
                case Member.Error: error = isNull ? null : Nested<TransferError>(ref reader, options); break;
                case Member.ErrorCount: errorCount = reader.GetInt32(); break;
                case Member.QueueReason: queueReason = JsonReading.NullableString(ref reader); break;
                case Member.ReplyFile: replyFile = JsonReading.NullableString(ref reader); break;
                case Member.ReplyBytesTotal: replyBytesTotal = reader.GetInt64(); break;
                case Member.ReplyBytesTransferred: replyBytesTransferred = reader.GetInt64(); break;
                default: reader.Skip(); break; // percentComplete (computed) and members of later versions
            }
        }

        return new TransferInfo
        {
            Id = id ?? throw JsonReading.Missing("id", What),
            Options = settings ?? throw JsonReading.Missing("options", What),
            Owner = owner ?? throw JsonReading.Missing("owner", What),
            TransferType = transferType,
            State = state,
            Files = files,
            BytesTotal = bytesTotal,
            BytesTransferred = bytesTransferred,
            FilesTotal = filesTotal,
            FilesTransferred = filesTransferred,
            CreationTime = creationTime,
            ModificationTime = modificationTime,
            TransferCompletionTime = transferCompletionTime,
            Error = error,
            ErrorCount = errorCount,
            QueueReason = queueReason,
            ReplyFile = replyFile,
            ReplyBytesTotal = replyBytesTotal,
            ReplyBytesTransferred = replyBytesTransferred,
        };
    }

    public override void Write(Utf8JsonWriter writer, TransferInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Name(Member.Id));
        GuidConverter.Write(writer, value.Id, options);
        writer.WritePropertyName(Name(Member.Options));
        JsonSerializer.Serialize(writer, value.Options, OptionsInfo);
        writer.WriteString(Name(Member.Owner), value.Owner);
        WireEnum<TransferType>.Write(writer, Name(Member.TransferType), value.TransferType);
        WireEnum<TransferState>.Write(writer, Name(Member.State), value.State);
        if (value.Files.Count > 0)
        {
            writer.WriteStartArray(Name(Member.Files));
            foreach (var file in value.Files)
            {
                TransferFileInfoJsonConverter.Instance.Write(writer, file, options);
            }

            writer.WriteEndArray();
        }

        writer.WriteNumber(Name(Member.BytesTotal), value.BytesTotal);
        writer.WriteNumber(Name(Member.BytesTransferred), value.BytesTransferred);
        writer.WriteNumber(Name(Member.FilesTotal), value.FilesTotal);
        writer.WriteNumber(Name(Member.FilesTransferred), value.FilesTransferred);
        WriteTime(writer, Name(Member.CreationTime), value.CreationTime, options);
        WriteTime(writer, Name(Member.ModificationTime), value.ModificationTime, options);
        if (value.TransferCompletionTime is { } completed)
        {
            WriteTime(writer, Name(Member.TransferCompletionTime), completed, options);
        }

        if (value.Error is not null)
        {
            WriteNested(writer, Name(Member.Error), value.Error, options);
        }

        writer.WriteNumber(Name(Member.ErrorCount), value.ErrorCount);
        if (value.QueueReason is not null)
        {
            writer.WriteString(Name(Member.QueueReason), value.QueueReason);
        }

        if (value.ReplyFile is not null)
        {
            writer.WriteString(Name(Member.ReplyFile), value.ReplyFile);
        }

        if (value.ReplyBytesTotal != -1)
        {
            writer.WriteNumber(Name(Member.ReplyBytesTotal), value.ReplyBytesTotal);
        }

        if (value.ReplyBytesTransferred != 0)
        {
            writer.WriteNumber(Name(Member.ReplyBytesTransferred), value.ReplyBytesTransferred);
        }

        if (value.PercentComplete is { } percent)
        {
            writer.WriteNumber(Name(Member.PercentComplete), percent);
        }

        writer.WriteEndObject();
    }

    private static JsonEncodedText Name(Member member) => Names[(int)member];

    private static List<TransferFileInfo> ReadFiles(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        JsonReading.Expect(ref reader, JsonTokenType.StartArray, "a list of files");
        var files = new List<TransferFileInfo>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            files.Add(TransferFileInfoJsonConverter.Instance.Read(ref reader, typeof(TransferFileInfo), options));
        }

        return files;
    }

    private static T Nested<T>(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))
            ?? throw new JsonException($"A {typeof(T).Name} is null.");

    private static void WriteNested<T>(Utf8JsonWriter writer, JsonEncodedText name, T value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    private static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        TimeConverter.Write(writer, value, options);
    }


    /// <summary>The members in the order they are written; their camelCase names are the wire names.</summary>
    private enum Member
    {
        Id,
        Options,
        Owner,
        TransferType,
        State,
        Files,
        BytesTotal,
        BytesTransferred,
        FilesTotal,
        FilesTransferred,
        CreationTime,
        ModificationTime,
        TransferCompletionTime,
        Error,
        ErrorCount,
        QueueReason,
        ReplyFile,
        ReplyBytesTotal,
        ReplyBytesTransferred,
        PercentComplete,
    }
}
