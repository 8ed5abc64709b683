using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Orders.V1;

namespace Server;

/// <summary>One method of each call kind, failures with trailers, and a gzip-compressed answer.</summary>
public sealed class OrdersService : Orders.V1.Orders.OrdersBase
{
    private static readonly DateTime Epoch = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static Order MakeOrder(long id, OrderStatus status = OrderStatus.Open)
    {
        var order = new Order
        {
            Id = id,
            Customer = $"customer-{id}",
            Status = status,
            Signature = ByteString.CopyFrom(0xde, 0xad, 0xbe, 0xef),
            CreatedAt = Timestamp.FromDateTime(Epoch.AddSeconds(id)),
            DeliveryWindow = Duration.FromTimeSpan(TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(500)),
        };
        order.Lines.Add(new Line { Sku = "SKU-1", Quantity = 2, PriceCents = 1999 });
        order.Lines.Add(new Line { Sku = "SKU-2", Quantity = 1, PriceCents = 9_007_199_254_740_993 });
        order.Labels.Add("channel", "ipc");
        if (id % 2 == 0) order.Card = new Card { Last4 = "4242", Network = "visa" };
        else order.Voucher = $"V-{id}";
        return order;
    }

    public override Task<Order> GetOrder(GetOrderRequest request, ServerCallContext context)
    {
        // An empty request (id 0) asks for the first order, so a request builder's default call succeeds.
        if (request.Id == 0) return Task.FromResult(MakeOrder(1));
        if (request.Id < 0 || request.Id > 1000)
        {
            var trailers = new Metadata
            {
                { "order-id", request.Id.ToString() },
                { "reason-bin", new byte[] { 1, 2, 3 } },
            };
            throw new RpcException(new Status(StatusCode.NotFound, $"order {request.Id} does not exist"), trailers);
        }
        return Task.FromResult(MakeOrder(request.Id));
    }

    public override async Task ListOrders(ListOrdersRequest request, IServerStreamWriter<Order> responseStream, ServerCallContext context)
    {
        var count = request.Count == 0 ? 3 : request.Count;
        for (var i = 1; i <= count; i++)
        {
            if (i > 1 && count > 100)
                throw new RpcException(new Status(StatusCode.OutOfRange, $"at most 100 orders, asked for {count}"), new Metadata { { "limit", "100" } });
            await responseStream.WriteAsync(MakeOrder(i, request.Status == OrderStatus.Unspecified ? OrderStatus.Open : request.Status));
        }
    }

    public override async Task<ImportSummary> ImportOrders(IAsyncStreamReader<Order> requestStream, ServerCallContext context)
    {
        var summary = new ImportSummary();
        await foreach (var order in requestStream.ReadAllAsync())
        {
            if (order.Id == 0) throw new RpcException(new Status(StatusCode.InvalidArgument, $"order {summary.Count + 1} has no id"));
            summary.Count++;
            summary.Ids.Add(order.Id);
            summary.TotalCents += order.Lines.Sum(line => line.Quantity * line.PriceCents);
        }
        return summary;
    }

    public override async Task Track(IAsyncStreamReader<TrackRequest> requestStream, IServerStreamWriter<TrackUpdate> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync())
        {
            await responseStream.WriteAsync(new TrackUpdate
            {
                Id = request.Id,
                Status = OrderStatus.Shipped,
                At = Timestamp.FromDateTime(Epoch.AddDays(request.Id)),
            });
        }
    }

    public override async Task<ExportResponse> Export(ExportRequest request, ServerCallContext context)
    {
        // grpc-dotnet compresses one call's answer when this header is written; the client must have
        // offered gzip in grpc-accept-encoding.
        await context.WriteResponseHeadersAsync(new Metadata { { "grpc-internal-encoding-request", "gzip" } });
        var rows = request.Rows == 0 ? 100 : request.Rows;
        var csv = string.Concat(Enumerable.Range(1, rows).Select(i => $"{i},SKU-{i % 7},open\n"));
        return new ExportResponse { Csv = ByteString.CopyFromUtf8(csv), Rows = rows };
    }
}
