package io.github.tornadoserver.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Netty 4.2 baseline: the same answer as {@link TornadoHelloServer} through {@link
 * HttpServerCodec}, on the NIO transport with one event loop thread. Responses are written without
 * flushing in {@code channelRead} and flushed once per read batch in {@code channelReadComplete},
 * the usual way to serve pipelined requests. Like ours, it sends a {@code Date} header (RFC 9110
 * section 6.6.1), formatted once a second, so both servers send the same bytes. Usage: {@code
 * NettyHelloServer <port>}; binds 127.0.0.1.
 */
public final class NettyHelloServer {
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  /** The current {@code Date} value; written and read on the one event loop thread only. */
  private static AsciiString date = formatDate();

  private NettyHelloServer() {}

  private static AsciiString formatDate() {
    return AsciiString.cached(IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      group.scheduleAtFixedRate(() -> date = formatDate(), 1, 1, TimeUnit.SECONDS);
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, TornadoHelloServer.BACKLOG)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                    }
                  })
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println("netty listening on 127.0.0.1:" + port);
      channel.closeFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }

  /** Answers each request head; request bodies (none in the benchmark) are ignored. */
  private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final ByteBuf BODY_BUF =
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BODY));

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        return;
      }
      HttpRequest request = (HttpRequest) msg;
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      FullHttpResponse response;
      if (request.method() == HttpMethod.GET && "/plaintext".equals(request.uri())) {
        response =
            new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.OK, BODY_BUF.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      } else {
        response =
            new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      }
      response.headers().set(HttpHeaderNames.DATE, date);
      if (keepAlive) {
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
