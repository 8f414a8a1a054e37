using System.Threading.Channels;
using Coffer.Primitives;
using Coffer.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace Coffer.Audit;

/// <summary>
/// The audit trail: records <see cref="AuditEvent"/>s durably in the metadata store and looks them up as CloudTrail's
/// LookupEvents does.
/// </summary>
/// <remarks>
/// <para>
/// Recording never waits for the disk: <see cref="RecordAsync"/> scrubs and serialises the event, then puts it in a
/// bounded queue. One writer loop takes events off the queue and writes them in batches, each batch one transaction,
/// when <see cref="AuditOptions.BatchSize"/> events are waiting or <see cref="AuditOptions.FlushInterval"/> has passed.
/// When the queue is full, <see cref="RecordAsync"/> waits for room: events are never dropped.
/// </para>
/// <para>
/// <b>Durability.</b> <see cref="FlushAsync"/> returns once every event recorded before it is committed, and
/// <see cref="DisposeAsync"/> writes everything still queued before it returns, so a clean shutdown loses nothing.
/// A crash (kill -9, power loss) loses at most the events recorded in the last <see cref="AuditOptions.FlushInterval"/>
/// plus the batch being committed at that moment.
/// </para>
/// <para>
/// <b>Retention.</b> Lookups never return events older than <see cref="AuditOptions.RetentionPeriod"/>, and the writer
/// loop deletes them every <see cref="AuditOptions.PruneInterval"/>.
/// </para>
/// </remarks>
public sealed partial class AuditTrail : IAsyncDisposable
{
    /// <summary>How many times a failing batch is tried while shutting down before its events are given up.</summary>
    private const int AttemptsWhileStopping = 3;

    private readonly IMetadataStore _store;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<AuditWork> _queue;
    private readonly ITimer _timer;
    private readonly Task _writer;
    private int _disposed;

    /// <summary>Creates the trail over a metadata store migrated with <see cref="AuditMigrations.All"/>, and starts its writer.</summary>
    public AuditTrail(IMetadataStore store, AuditOptions options, TimeProvider time, ILogger<AuditTrail> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.FlushInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<AuditWork>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        // One-shot, re-armed by the writer after each tick: ticks never pile up, and a fake clock advanced by days fires once.
        _timer = time.CreateTimer(_ => OnTick(), null, options.FlushInterval, Timeout.InfiniteTimeSpan);
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>
    /// Queues <paramref name="auditEvent"/> to be written within <see cref="AuditOptions.FlushInterval"/>. Completes at
    /// once unless the queue is full, in which case it waits for room. The event is scrubbed of forbidden fields (see
    /// <see cref="AuditEvent"/>) and its time truncated to the second before it is queued.
    /// </summary>
    /// <exception cref="ArgumentException">The event has no valid <c>recipientAccountId</c> or no <c>awsRegion</c>.</exception>
    /// <exception cref="ObjectDisposedException">The trail is shutting down.</exception>
    public ValueTask RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        var pending = Prepare(auditEvent);
        return _queue.Writer.TryWrite(pending) ? ValueTask.CompletedTask : EnqueueAsync(pending, cancellationToken);
    }

    /// <summary>Returns once every event recorded before this call is committed to the metadata store.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => SignalAsync(AuditSignalKind.Flush, cancellationToken);

    /// <summary>Stops accepting events, writes every queued event, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        try
        {
            await _writer;
        }
        finally
        {
            await _timer.DisposeAsync();
        }
    }

    /// <summary>Writes everything queued, then deletes events older than the retention period (tests and operators).</summary>
    internal Task PruneAsync(CancellationToken cancellationToken = default) => SignalAsync(AuditSignalKind.Prune, cancellationToken);

    private void OnTick()
    {
        // A full queue means a full batch is being written anyway; try again one interval later.
        if (!_queue.Writer.TryWrite(new AuditSignal(AuditSignalKind.Tick)) && Volatile.Read(ref _disposed) == 0)
        {
            _timer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private PendingAuditEvent Prepare(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!AccountId.TryParse(auditEvent.RecipientAccountId, out _))
        {
            throw new ArgumentException("An audit event's recipientAccountId must be a 12-digit account id.", nameof(auditEvent));
        }

        ArgumentException.ThrowIfNullOrEmpty(auditEvent.AwsRegion, nameof(auditEvent));
        var (scrubbed, removed) = AuditScrubber.Scrub(auditEvent);
        foreach (var field in removed)
        {
            Log.FieldScrubbed(_logger, auditEvent.EventName, auditEvent.EventSource, field);
        }

        var seconds = scrubbed.EventTime.ToUnixTimeSeconds();
        if (scrubbed.EventTime.Ticks % TimeSpan.TicksPerSecond != 0 || scrubbed.EventTime.Offset != TimeSpan.Zero)
        {
            scrubbed = scrubbed with { EventTime = DateTimeOffset.FromUnixTimeSeconds(seconds) };
        }

        return new PendingAuditEvent(scrubbed.RecipientAccountId, scrubbed.AwsRegion, seconds, scrubbed.EventId, AuditJson.Serialize(scrubbed), AuditLookupEntries.For(scrubbed));
    }

    private async ValueTask EnqueueAsync(AuditWork work, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(work, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw Closed(e);
        }
    }

    private async Task SignalAsync(AuditSignalKind kind, CancellationToken cancellationToken)
    {
        var signal = new AuditSignal(kind);
        if (!_queue.Writer.TryWrite(signal))
        {
            await EnqueueAsync(signal, cancellationToken);
        }

        // If the writer stopped on a fault, the signal is never read: report the fault instead of waiting forever.
        var finished = await Task.WhenAny(signal.Done.Task, _writer).WaitAsync(cancellationToken);
        if (finished == _writer && !signal.Done.Task.IsCompleted)
        {
            await _writer;
            throw new ObjectDisposedException(nameof(AuditTrail), "The audit trail stopped before the request was carried out.");
        }

        await signal.Done.Task;
    }

    private Exception Closed(ChannelClosedException e) =>
        Volatile.Read(ref _disposed) == 0
            ? new InvalidOperationException("The audit trail's writer has failed; see the log (event id 26).", e)
            : new ObjectDisposedException(nameof(AuditTrail), "The audit trail is shut down and records no more events.");
}
