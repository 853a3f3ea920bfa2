using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BitsLite.Protocol.Transfers;

namespace BitsLite.Protocol.Wire;

/// <summary>
/// Reads and writes <see cref="TransferInfo"/> on the wire by hand, because listing 100,000 jobs must take under a
/// second and the source generator reads a type with required and init-only members through a boxed argument array,
/// at twice the cost. Members at their default (an empty description or list, the default proxy, <c>Always</c>,
/// <c>Bits</c>, a reply size of -1, null) are left out, as protocol.md allows; the reader restores them. Property
/// names, enum names, times and durations are written exactly as the generator writes them; unknown properties are
/// skipped. Registered on <see cref="ProtocolJsonContext"/> only: the CLI's <c>--json</c> output keeps every member.
/// </summary>
internal sealed class TransferInfoJsonConverter : JsonConverter<TransferInfo>
{

    private static readonly WireNames Names = WireNames.Of<Member>();

    // The built-in converters the generator uses, so that times, durations and ids keep their exact wire form.
    private static readonly JsonConverter<Guid> GuidConverter = JsonMetadataServices.GuidConverter;
    private static readonly JsonConverter<DateTimeOffset> TimeConverter = JsonMetadataServices.DateTimeOffsetConverter;
    private static readonly JsonConverter<TimeSpan> DurationConverter = JsonMetadataServices.TimeSpanConverter;

    public override TransferInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        const string What = "a transfer";
        JsonReading.Expect(ref reader, JsonTokenType.StartObject, What);
        Guid? id = null;
        string? displayName = null, owner = null, queueReason = null, replyFile = null;
        var description = "";
        TransferType transferType = default;
        TransferPriority priority = default;
        TransferState state = default;
        IReadOnlyList<TransferFileInfo> files = [];
        long bytesTotal = 0, bytesTransferred = 0, replyBytesTotal = -1, replyBytesTransferred = 0;
        long? maxBandwidth = null;
        int filesTotal = 0, filesTransferred = 0, errorCount = 0;
        DateTimeOffset creationTime = default, modificationTime = default;
        DateTimeOffset? transferCompletionTime = null;
        TransferError? error = null;
        TimeSpan retryInterval = default, retryTimeout = default;
        TimeSpan? maxDownloadTime = null;
        IReadOnlyList<string> customHeaders = [];
        IReadOnlyList<TransferCredential> credentials = [];
        TransferProxy? proxy = null;
        TransferNotification? notification = null;
        TransferCostPolicy transferPolicy = default;
        UploadMethod uploadMethod = default;

        var member = -1;
        while (JsonReading.NextProperty(ref reader, Names, ref member))
        {
            var isNull = reader.TokenType == JsonTokenType.Null;
            switch ((Member)member)
            {
                case Member.Id: id = GuidConverter.Read(ref reader, typeof(Guid), options); break;
                case Member.DisplayName: displayName = JsonReading.String(ref reader); break;
                case Member.Description: description = JsonReading.NullableString(ref reader) ?? ""; break;
                case Member.Owner: owner = JsonReading.String(ref reader); break;
                case Member.TransferType: transferType = WireEnum<TransferType>.Read(ref reader); break;
                case Member.Priority: priority = WireEnum<TransferPriority>.Read(ref reader); break;
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
                case Member.RetryInterval: retryInterval = DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case Member.RetryTimeout: retryTimeout = DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case Member.MaxDownloadTime: maxDownloadTime = isNull ? null : DurationConverter.Read(ref reader, typeof(TimeSpan), options); break;
                case Member.MaxBandwidth: maxBandwidth = isNull ? null : reader.GetInt64(); break;
                case Member.CustomHeaders: customHeaders = JsonReading.Strings(ref reader); break;
                case Member.Credentials: credentials = isNull ? [] : Nested<IReadOnlyList<TransferCredential>>(ref reader, options); break;
                case Member.Proxy: proxy = isNull ? null : Nested<TransferProxy>(ref reader, options); break;
                case Member.Notification: notification = isNull ? null : Nested<TransferNotification>(ref reader, options); break;
                case Member.TransferPolicy: transferPolicy = WireEnum<TransferCostPolicy>.Read(ref reader); break;
                case Member.QueueReason: queueReason = JsonReading.NullableString(ref reader); break;
                case Member.ReplyFile: replyFile = JsonReading.NullableString(ref reader); break;
                case Member.ReplyBytesTotal: replyBytesTotal = reader.GetInt64(); break;
                case Member.ReplyBytesTransferred: replyBytesTransferred = reader.GetInt64(); break;
                case Member.UploadMethod: uploadMethod = WireEnum<UploadMethod>.Read(ref reader); break;
                default: reader.Skip(); break; // percentComplete (computed) and members of later versions
            }
        }

        var info = new TransferInfo
        {
            Id = id ?? throw JsonReading.Missing("id", What),
            DisplayName = displayName ?? throw JsonReading.Missing("displayName", What),
            Description = description,
            Owner = owner ?? throw JsonReading.Missing("owner", What),
            TransferType = transferType,
            Priority = priority,
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
            RetryInterval = retryInterval,
            RetryTimeout = retryTimeout,
            MaxDownloadTime = maxDownloadTime,
            MaxBandwidth = maxBandwidth,
            CustomHeaders = customHeaders,
            Credentials = credentials,
            Notification = notification,
            TransferPolicy = transferPolicy,
            QueueReason = queueReason,
            ReplyFile = replyFile,
            ReplyBytesTotal = replyBytesTotal,
            ReplyBytesTransferred = replyBytesTransferred,
            UploadMethod = uploadMethod,
        };
        if (proxy is not null)
        {
            info.Proxy = proxy;   // otherwise the default the property already holds
        }

        return info;
    }

    public override void Write(Utf8JsonWriter writer, TransferInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Name(Member.Id));
        GuidConverter.Write(writer, value.Id, options);
        writer.WriteString(Name(Member.DisplayName), value.DisplayName);
        if (value.Description.Length > 0)
        {
            writer.WriteString(Name(Member.Description), value.Description);
        }

        writer.WriteString(Name(Member.Owner), value.Owner);
        WireEnum<TransferType>.Write(writer, Name(Member.TransferType), value.TransferType);
        WireEnum<TransferPriority>.Write(writer, Name(Member.Priority), value.Priority);
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
        WriteDuration(writer, Name(Member.RetryInterval), value.RetryInterval, options);
        WriteDuration(writer, Name(Member.RetryTimeout), value.RetryTimeout, options);
        if (value.MaxDownloadTime is { } maxDownloadTime)
        {
            WriteDuration(writer, Name(Member.MaxDownloadTime), maxDownloadTime, options);
        }

        if (value.MaxBandwidth is { } maxBandwidth)
        {
            writer.WriteNumber(Name(Member.MaxBandwidth), maxBandwidth);
        }

        if (value.CustomHeaders.Count > 0)
        {
            writer.WriteStartArray(Name(Member.CustomHeaders));
            foreach (var header in value.CustomHeaders)
            {
                writer.WriteStringValue(header);
            }

            writer.WriteEndArray();
        }

        if (value.Credentials.Count > 0)
        {
            WriteNested(writer, Name(Member.Credentials), value.Credentials, options);
        }

        if (value.Proxy is not { Usage: TransferProxyUsage.SystemDefault, List.Count: 0, Bypass.Count: 0 })
        {
            WriteNested(writer, Name(Member.Proxy), value.Proxy, options);
        }

        if (value.Notification is not null)
        {
            WriteNested(writer, Name(Member.Notification), value.Notification, options);
        }

        if (value.TransferPolicy != TransferCostPolicy.Always)
        {
            WireEnum<TransferCostPolicy>.Write(writer, Name(Member.TransferPolicy), value.TransferPolicy);
        }

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

        if (value.UploadMethod != UploadMethod.Bits)
        {
            WireEnum<UploadMethod>.Write(writer, Name(Member.UploadMethod), value.UploadMethod);
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

    private static void WriteDuration(Utf8JsonWriter writer, JsonEncodedText name, TimeSpan value, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        DurationConverter.Write(writer, value, options);
    }

    /// <summary>The members in the order they are written; their camelCase names are the wire names.</summary>
    private enum Member
    {
        Id,
        DisplayName,
        Description,
        Owner,
        TransferType,
        Priority,
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
        RetryInterval,
        RetryTimeout,
        MaxDownloadTime,
        MaxBandwidth,
        CustomHeaders,
        Credentials,
        Proxy,
        Notification,
        TransferPolicy,
        QueueReason,
        ReplyFile,
        ReplyBytesTotal,
        ReplyBytesTransferred,
        UploadMethod,
        PercentComplete,
    }
}
