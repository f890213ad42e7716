<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-audit.xsl: the audit log: when, who, what, from where; newest first. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('audit.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('audit.title')"/></h1>
    <xsl:choose>
      <xsl:when test="entries/entry">
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="kp:t('audit.when')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.who')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.what')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.detail')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.where')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="entries/entry">
                <tr>
                  <td><time datetime="{@at}Z"><xsl:value-of select="kp:date(kp:local(@at))"/><xsl:text> </xsl:text><xsl:value-of select="kp:time(kp:local(@at))"/></time></td>
                  <td><xsl:value-of select="actor"/> <span class="meta"> (<xsl:value-of select="kp:t(concat('audit.kind.', @kind))"/>)</span></td>
                  <td><xsl:call-template name="audit-action"/>
                    <xsl:if test="string(@object-id)"><xsl:text> </xsl:text><span class="meta"><xsl:call-template name="audit-text">
                      <xsl:with-param name="key" select="concat('audit.object.', @object)"/><xsl:with-param name="code" select="@object"/>
                    </xsl:call-template> #<xsl:value-of select="@object-id"/></span></xsl:if></td>
                  <td><xsl:value-of select="detail"/></td>
                  <td><xsl:value-of select="@ip"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('audit.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="pager"><xsl:with-param name="base" select="'/audit'"/></xsl:call-template>
  </xsl:template>

  <!-- An action's text from the catalogue (audit.action.*), its code under it for searching the
       log; the code alone when a newer module logs an action this catalogue does not know. -->
  <xsl:template name="audit-action">
    <xsl:variable name="text" select="kp:t(concat('audit.action.', @action))"/>
    <xsl:choose>
      <xsl:when test="$text != concat('audit.action.', @action)"><xsl:value-of select="$text"/><xsl:text> </xsl:text><code class="meta"><xsl:value-of select="@action"/></code></xsl:when>
      <xsl:otherwise><code><xsl:value-of select="@action"/></code></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="audit-text">
    <xsl:param name="key"/>
    <xsl:param name="code"/>
    <xsl:variable name="text" select="kp:t($key)"/>
    <xsl:choose>
      <xsl:when test="$text != $key"><xsl:value-of select="$text"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
